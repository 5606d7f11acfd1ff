import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Options } from '../../../components/options/Options';
import type { MonitoringLatest, MonitoringPublishResult } from '../../../lib/messaging/protocol';
import { createTermsEditorStore, type TermsEditorServices } from '../../../lib/monitoring/editor';
import { fieldsToTerms, termsToFields } from '../../../lib/monitoring/terms-form';
import { createPagesStore } from '../../../lib/pages/store';
import {
  DEFAULT_MONITORING_SETTINGS,
  type MonitoringDocument,
  type MonitoringSettings,
} from '../../../lib/schemas/monitoring';
import { fakeServices, status } from '../popup/fakes';

const CHANNEL = 'UC1234567890abcdefghijkl';

const doc = (version: number, include: string[], exclude: string[] = []): MonitoringDocument => ({
  ...DEFAULT_MONITORING_SETTINGS,
  terms: { include, exclude },
  retentionDays: 90,
  version,
  updatedAt: '2026-11-18T09:30:00.000Z',
  updatedBy: 'maria',
});

describe('the terms form', () => {
  it('splits the published list by kind and joins it back', () => {
    const terms = { include: ['finvo', '@finvo', '$FINV', '#finvo', CHANNEL, 'финв*'], exclude: ['hiring'] };
    const fields = termsToFields(terms);
    expect(fields).toEqual({
      words: 'finvo\nфинв*',
      handles: '@finvo',
      cashtags: '$FINV',
      hashtags: '#finvo',
      channels: CHANNEL,
      exclude: 'hiring',
    });
    expect(fieldsToTerms(fields)).toEqual({
      terms: { include: ['finvo', 'финв*', '@finvo', '$FINV', '#finvo', CHANNEL], exclude: ['hiring'] },
      issues: [],
    });
  });

  it('adds a missing sign and drops blank lines and repeats in any case', () => {
    const fields = {
      ...termsToFields({ include: [], exclude: [] }),
      handles: 'finvo\n\n@FINVO',
      cashtags: 'FINV',
    };
    expect(fieldsToTerms(fields).terms.include).toEqual(['@finvo', '$FINV']);
  });

  it.each([
    ['handles', 'fin-vo', /Line 1: “fin-vo”: a handle is letters, digits and _/],
    ['channels', 'finvo', /not a YouTube channel id/],
    ['words', '@finvo', /put it under X handles/],
    ['words', CHANNEL, /put it under YouTube channel ids/],
    ['words', '*vo', /may only end a word/],
    ['hashtags', 'two words', /one word/],
  ] as const)('names what is wrong with a line under %s: %s', (field, line, message) => {
    const fields = {
      ...termsToFields({ include: [], exclude: [] }),
      [field]: `ok\n${line}`.replace(/^ok\n/, ''),
    };
    const { issues } = fieldsToTerms(fields);
    expect(issues).toHaveLength(1);
    expect(`Line ${issues[0]!.line}: ${issues[0]!.message}`).toMatch(message);
  });
});

function fakeTerms(first: MonitoringLatest = { document: doc(2, ['finvo', '@finvo']) }) {
  const publishes: Array<{ settings: MonitoringSettings; baseVersion: number }> = [];
  let next: MonitoringPublishResult | undefined;
  const services: TermsEditorServices = {
    latest: vi.fn(async () => first),
    publish: vi.fn(async (settings: MonitoringSettings, baseVersion: number) => {
      publishes.push({ settings, baseVersion });
      return (
        next ?? {
          status: 'published' as const,
          document: { ...doc(baseVersion + 1, []), ...settings, version: baseVersion + 1 },
        }
      );
    }),
  };
  return {
    services,
    publishes,
    answer: (r: MonitoringPublishResult) => {
      next = r;
    },
  };
}

async function renderTerms(role: 'manager' | 'ambassador' = 'manager', fake = fakeTerms()) {
  const settings = fakeServices(status({ member: { name: 'maria', role } }));
  const terms = createTermsEditorStore(fake.services);
  const user = userEvent.setup();
  render(<Options store={createPagesStore(settings.services)} terms={terms} pollMs={60_000} />);
  if (role === 'manager') await screen.findByTestId('terms-editor');
  return { user, fake };
}

describe('the terms editor on the options page', () => {
  it('publishes a manager’s terms over the version they started from, keeping retention', async () => {
    const { user, fake } = await renderTerms();
    expect(screen.getByTestId('terms-version')).toHaveTextContent('Version 2, published by maria');
    expect(screen.getByLabelText('Words and phrases')).toHaveValue('finvo');
    await user.type(screen.getByLabelText('Cashtags'), 'FINV');
    await user.type(screen.getByLabelText('Exclusions'), 'finvo is hiring');
    await user.click(screen.getByLabelText(/Capture mentions in members' browsers/));
    await user.click(screen.getByRole('button', { name: 'Publish terms to the team' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Published version 3');
    expect(fake.publishes).toEqual([
      {
        baseVersion: 2,
        settings: expect.objectContaining({
          terms: { include: ['finvo', '@finvo', '$FINV'], exclude: ['finvo is hiring'] },
          capture: { enabled: false },
          retentionDays: 90,
        }),
      },
    ]);
    expect(screen.getByTestId('terms-dirty')).toHaveTextContent('No changes');
  });

  it('says in plain words which line is wrong and publishes nothing', async () => {
    const { user, fake } = await renderTerms();
    const box = screen.getByLabelText('YouTube channel ids');
    await user.type(box, 'finvo channel');
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(
      within(screen.getByTestId('terms-field-channels')).getByText(/Line 1: .*not a YouTube channel id/),
    ).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Publish terms to the team' }));
    expect(screen.getByTestId('terms-error')).toHaveTextContent(
      'Fix the line marked below first: nothing was published.',
    );
    expect(fake.publishes).toEqual([]);
  });

  it('tells the manager when someone else published first, and reloads their version', async () => {
    const fake = fakeTerms();
    const { user } = await renderTerms('manager', fake);
    fake.answer({
      status: 'conflict',
      currentVersion: 3,
      updatedBy: 'olga',
      message:
        'Someone else (olga) published version 3 of the terms while you were editing version 2. Nothing was saved.',
    });
    await user.type(screen.getByLabelText('Hashtags'), 'finvo');
    await user.click(screen.getByRole('button', { name: 'Publish terms to the team' }));
    const alert = await screen.findByTestId('terms-conflict');
    expect(alert).toHaveTextContent('Someone else (olga) published version 3');
    await user.click(within(alert).getByRole('button', { name: 'Reload version 3' }));
    expect(fake.services.latest).toHaveBeenCalledTimes(2);
  });

  it('shows an ambassador what is monitored, read-only', async () => {
    await renderTerms('ambassador');
    expect(await screen.findByTestId('terms-readonly')).toHaveTextContent('The team looks for 2 terms.');
    expect(screen.queryByRole('button', { name: /Publish terms/ })).toBeNull();
  });
});
