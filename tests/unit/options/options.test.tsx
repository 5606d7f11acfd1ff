import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Options } from '../../../components/options/Options';
import { createPagesStore } from '../../../lib/pages/store';
import { fakeServices, status } from '../popup/fakes';

const disconnected = { connected: false, pending: 0, held: 0, syncing: false };

function renderOptions(fake: ReturnType<typeof fakeServices>) {
  render(<Options store={createPagesStore(fake.services)} pollMs={60_000} />);
}

async function fillAndConnect(url: string, token: string) {
  await userEvent.type(screen.getByLabelText('Server URL'), url);
  await userEvent.type(screen.getByLabelText('Access token'), token);
  await userEvent.click(screen.getByTestId('options-connect'));
}

describe('the options page', () => {
  it('asks for exactly the server origin first, then connects and shows who I am', async () => {
    const fake = fakeServices(disconnected);
    fake.services.connect.mockImplementation(async () =>
      status({ member: { name: 'maria', role: 'manager' } }),
    );
    renderOptions(fake);
    expect(await screen.findByTestId('options-status')).toHaveAttribute('data-connected', 'false');
    expect(screen.getByLabelText('Access token')).toHaveAttribute('type', 'password');

    await fillAndConnect('https://replies.example.org:8443/', 'rt_secret');
    expect(fake.services.requestOrigin).toHaveBeenCalledWith('https://replies.example.org:8443/*');
    expect(fake.services.requestOrigin.mock.invocationCallOrder[0]).toBeLessThan(
      fake.services.connect.mock.invocationCallOrder[0]!,
    );
    expect(fake.services.connect).toHaveBeenCalledWith('https://replies.example.org:8443/', 'rt_secret');
    expect(await screen.findByTestId('options-member')).toHaveTextContent('maria');
    expect(screen.getByTestId('options-role')).toHaveTextContent('Community manager');
    expect(screen.getByTestId('options-status')).toHaveAttribute('data-connected', 'true');
    expect(screen.getByLabelText('Access token')).toHaveValue('');
  });

  it('does not connect when the permission is declined, and says why', async () => {
    const fake = fakeServices(disconnected, { requestOrigin: async () => false });
    renderOptions(fake);
    await fillAndConnect('http://127.0.0.1:8787', 'rt_secret');
    expect(await screen.findByTestId('options-error')).toHaveTextContent(
      /needs your permission to reach 127\.0\.0\.1:8787.*choose Allow/,
    );
    expect(fake.services.connect).not.toHaveBeenCalled();
  });

  it('refuses a malformed URL before asking the browser anything', async () => {
    const fake = fakeServices(disconnected);
    renderOptions(fake);
    await fillAndConnect('replies example', 'rt_secret');
    expect(await screen.findByTestId('options-error')).toHaveTextContent(/not a web address/);
    expect(fake.services.requestOrigin).not.toHaveBeenCalled();
  });

  it("shows the server's refusal in plain words", async () => {
    const fake = fakeServices(disconnected);
    fake.services.connect.mockRejectedValue(
      new Error('Your access token was revoked. Ask your team lead for a new one and reconnect in Options.'),
    );
    renderOptions(fake);
    await fillAndConnect('https://replies.example.org', 'rt_old');
    expect(await screen.findByRole('alert')).toHaveTextContent(/access token was revoked/);
    expect(screen.getByTestId('options-status')).toHaveAttribute('data-connected', 'false');
  });

  it('disconnects and gives the site access back', async () => {
    const fake = fakeServices(status());
    renderOptions(fake);
    expect(await screen.findByTestId('options-status')).toHaveAttribute('data-connected', 'true');
    expect(screen.getByLabelText('Server URL')).toHaveValue('https://replies.example.org');
    await userEvent.click(screen.getByTestId('options-disconnect'));
    expect(fake.services.disconnect).toHaveBeenCalled();
    expect(fake.services.releaseOrigin).toHaveBeenCalledWith('https://replies.example.org/*');
    expect(screen.getByTestId('options-status')).toHaveAttribute('data-connected', 'false');
  });

  it('after a failed reconnect, says the previous token is still in use', async () => {
    const fake = fakeServices(status());
    fake.services.connect.mockRejectedValue(new Error('The team server does not accept this access token.'));
    renderOptions(fake);
    expect(await screen.findByTestId('options-sync-state')).toHaveTextContent('Up to date');
    await userEvent.type(screen.getByLabelText('Access token'), 'rt_typo');
    await userEvent.click(screen.getByTestId('options-connect'));
    expect(await screen.findByTestId('options-sync-state')).toHaveTextContent(
      'Still using your previous token',
    );
    expect(screen.getByTestId('options-status')).toHaveAttribute('data-state', 'wrong-token');
    expect(screen.getByTestId('options-error')).toHaveTextContent(/does not accept this access token/);
  });
});
