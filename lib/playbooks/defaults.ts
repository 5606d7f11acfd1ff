import { DEFAULT_RULES } from '../classify/default-rules';
import { DEFAULT_CATEGORIES } from '../schemas/categories';
import type { Playbook, PlaybookContent, PlaybookLinks } from '../schemas/playbook';

/*
 * What every team starts with until a manager publishes their own (../../../shared/domain.md): replies
 * an ambassador would write themselves on X, short and first person, never asking for account data in
 * public, never a brand voice. Kovra (@KovraApp, @KovraSupport) is the fixtures' fictional product.
 */

export const DEFAULT_LINKS: PlaybookLinks = {
  supportUrl: 'https://kovra.example/support',
  statusUrl: 'https://status.kovra.example',
  supportHandle: '@KovraSupport',
  brand: 'Kovra',
  helpArticles: {
    general: 'https://kovra.example/help',
    technical_question: 'https://kovra.example/help/getting-started',
    support_needed: 'https://kovra.example/help/withdrawals',
    'support_needed.ru': 'https://kovra.example/ru/help/withdrawals',
    trust_doubt: 'https://kovra.example/reserves',
    rumor_narrative: 'https://kovra.example/reserves',
    legal_security_risk: 'https://kovra.example/help/security',
  },
  defaultLanguage: 'en',
};

const DISCLOSURE = "I'm a Kovra ambassador (I get early access), but this is my own experience.";

const playbooks: PlaybookContent['playbooks'] = {
  technical_question: {
    id: 'technical-question',
    category: 'technical_question',
    goal: 'Answer the question with the exact steps that worked for you, so they can do it right now.',
    do: [
      'Give the concrete path in the app (menu → screen → button)',
      'Say what it looked like when you did it, so they know they are in the right place',
      'Link the help article if the steps are long',
    ],
    dont: [
      'Paste a wall of text from the docs',
      'Guess: if you have not done it yourself, say so or leave it to someone who has',
      'Send them to support for something they can do in a minute',
    ],
    escalation: {
      when: 'The question is really about their own account (a blocked action, a missing balance)',
      route: 'support',
      note: 'Then it is a support case: point them to the in-app form, never ask for details in the thread.',
    },
    like: { should: true, what: 'Another member’s reply that already answers it correctly' },
    templates: {
      en: [
        {
          id: 'steps',
          label: 'The steps that worked for me',
          text: 'Did this last week: {my_experience}. Took me 2 min once I found the right screen',
        },
        {
          id: 'article',
          label: 'Point to the help article',
          text: '{author} there’s a short guide for exactly this, screenshots and all: {help_article}',
        },
        {
          id: 'ask-which',
          label: 'Ask which screen they’re on',
          text: '{author} which screen are you on? On mobile it’s under Profile, on web it’s in the top menu, threw me off too at first',
        },
      ],
      ru: [
        {
          id: 'steps',
          label: 'Как сделал я',
          text: 'Делал это на прошлой неделе: {my_experience}. Минуты две, когда нашёл нужный экран',
        },
        {
          id: 'article',
          label: 'Ссылка на инструкцию',
          text: '{author} вот короткая инструкция как раз про это, со скриншотами: {help_article}',
        },
        {
          id: 'ask-which',
          label: 'Уточнить, где они',
          text: '{author} а вы в каком разделе? В приложении это в Профиле, на сайте в верхнем меню, я тоже сначала искал',
        },
      ],
    },
  },

  support_needed: {
    id: 'support-needed',
    category: 'support_needed',
    goal: 'Get the person to the support route that actually resolves it, and calm the thread with what is normal.',
    do: [
      'Share how long it took for you and what moved it (the in-app form, not the chat bot)',
      'Send them to the in-app support form or to DMs with @KovraSupport',
      'Tell them what to have ready (the date, the amount, the network), without posting it',
    ],
    dont: [
      'Ask for email, account id, transaction hash or screenshots in public',
      'Promise a time or an outcome on the company’s behalf',
      'Say “works fine for me” and leave',
    ],
    escalation: {
      when: 'Days without an answer from support, a large amount, or the person is clearly distressed',
      route: 'manager',
      note: 'Reply with the support route, then flag the thread to your community manager with the link.',
    },
    like: { should: true, what: 'Replies that point to the right support route' },
    templates: {
      en: [
        {
          id: 'support-route',
          label: 'What moved it for me',
          text: '{author} had the same last month. What actually moved it was a ticket from the app form, not the chat bot: {support_url}. Don’t post your account details here',
        },
        {
          id: 'dm-support',
          label: 'Send to DMs',
          text: '{author} DM {support_handle} with the date and amount, they can see your account there. Please don’t share details in the thread',
        },
        {
          id: 'normal-wait',
          label: 'What’s normal',
          text: 'Bigger withdrawals go through a manual check, mine took about a day and a half. If it’s longer than that, open a ticket here: {help_article}',
        },
      ],
      ru: [
        {
          id: 'support-route',
          label: 'Что помогло мне',
          text: '{author} было то же самое месяц назад. Помогло обращение через форму в приложении, а не чат-бот: {support_url}. Данные аккаунта здесь не пишите',
        },
        {
          id: 'dm-support',
          label: 'Написать в личку',
          text: '{author} напишите в личку {support_handle} дату и сумму, там видят ваш аккаунт. В треде детали лучше не выкладывать',
        },
        {
          id: 'normal-wait',
          label: 'Сколько это обычно',
          text: 'Крупные выводы проходят ручную проверку, у меня заняло полтора дня. Если дольше, создайте обращение: {help_article}',
        },
      ],
    },
  },

  trust_doubt: {
    id: 'trust-doubt',
    category: 'trust_doubt',
    goal: 'Answer the doubt calmly with how the situation actually resolved for you, so readers see a real outcome.',
    do: [
      'Describe your own case: what happened, how long it took, how it ended',
      'Link the public reserves or status page when it answers the doubt',
      'Acknowledge that the wait is stressful',
      'Add the disclosure line if you mention Kovra favourably',
    ],
    dont: [
      'Argue, mock or call the person a FUDder',
      'Claim “100% safe” or speak for the company',
      'Reply to every sceptic in the thread: one clear answer is enough',
    ],
    escalation: {
      when: 'The accusation names a specific missing amount or is spreading fast',
      route: 'manager',
      note: 'Flag it; the team may want an official answer too.',
    },
    like: { should: true, what: 'Calm, factual replies from other users with their own outcome' },
    disclosure: DISCLOSURE,
    templates: {
      en: [
        {
          id: 'my-outcome',
          label: 'How it ended for me',
          text: '{author} get why it looks bad. Mine was stuck for a day too, it was a manual review and the money arrived in full. {my_experience}',
        },
        {
          id: 'reserves',
          label: 'Where to check',
          text: '{author} fair question. They publish reserves here, I check it every now and then: {help_article}',
        },
        {
          id: 'support-not-public',
          label: 'It resolves through support',
          text: '{author} not a scam in my experience, just slow when there’s a review. What worked for me was the in-app ticket: {support_url}',
        },
      ],
      ru: [
        {
          id: 'my-outcome',
          label: 'Чем закончилось у меня',
          text: '{author} понимаю, выглядит тревожно. У меня тоже висело сутки, была ручная проверка, деньги пришли полностью. {my_experience}',
        },
        {
          id: 'reserves',
          label: 'Где проверить',
          text: '{author} вопрос нормальный. Резервы публикуют тут, я иногда сам смотрю: {help_article}',
        },
        {
          id: 'support-not-public',
          label: 'Решается через поддержку',
          text: '{author} по моему опыту не скам, просто при проверке долго. Мне помогло обращение из приложения: {support_url}',
        },
      ],
    },
  },

  rumor_narrative: {
    id: 'rumor-narrative',
    category: 'rumor_narrative',
    goal: 'Correct the rumour with a fact and a source, patiently, for the people reading rather than the author.',
    do: [
      'Quote the specific claim and answer just that',
      'Link a source people can check themselves (status page, reserves, an official post)',
      'Say where you saw it first-hand if you did',
    ],
    dont: [
      'Repeat the rumour in your own words (it spreads it)',
      'Attack whoever started it',
      'Post screenshots of private chats or someone’s account',
    ],
    escalation: {
      when: 'The same narrative shows up in several threads the same day',
      route: 'manager',
      note: 'Tell your community manager: it goes into the monthly report and may need an official post.',
    },
    like: { should: true, what: 'Replies that bring a source' },
    disclosure: DISCLOSURE,
    templates: {
      en: [
        {
          id: 'fact-source',
          label: 'Fact with a source',
          text: '{author} that’s not what happened, you can check it here: {help_article}. {my_experience}',
        },
        {
          id: 'status',
          label: 'Point to the status page',
          text: 'The status page shows everything running today: {status_url}. Withdrew yesterday myself, no issue',
        },
        {
          id: 'seen-it',
          label: 'Seen this one before',
          text: '{author} this one comes around every few months. Last time it was the same screenshot, and withdrawals kept working the whole time',
        },
      ],
      ru: [
        {
          id: 'fact-source',
          label: 'Факт и источник',
          text: '{author} это не так, можно проверить тут: {help_article}. {my_experience}',
        },
        {
          id: 'status',
          label: 'Страница статуса',
          text: 'На странице статуса сегодня всё работает: {status_url}. Сам вчера выводил, без проблем',
        },
        {
          id: 'seen-it',
          label: 'Это уже было',
          text: '{author} этот слух всплывает раз в пару месяцев. В прошлый раз был тот же скриншот, а выводы всё это время работали',
        },
      ],
    },
  },

  incident_complaint: {
    id: 'incident-complaint',
    category: 'incident_complaint',
    goal: 'Acknowledge a real problem, point to the status page and a workaround, and don’t pretend it isn’t happening.',
    do: [
      'Say plainly that you see it too (if you do)',
      'Link the status page for updates',
      'Share a workaround that worked for you',
    ],
    dont: [
      'Deny or downplay an outage people can see',
      'Give an ETA the team has not published',
      'Blame the user',
    ],
    escalation: {
      when: 'Nothing on the status page yet, or people report losing money',
      route: 'manager',
      note: 'Tell your community manager right away; incidents have a 4-hour first-reaction target.',
    },
    like: { should: true, what: 'Replies with the status link or a working workaround' },
    templates: {
      en: [
        {
          id: 'acknowledge',
          label: 'Seeing it too',
          text: 'Yeah, seeing it too. They’re posting updates here: {status_url}',
        },
        {
          id: 'workaround',
          label: 'Workaround',
          text: '{author} same here. What worked for me in the meantime: {my_experience}. Updates on {status_url}',
        },
        {
          id: 'report',
          label: 'Report it properly',
          text: '{author} worth filing it through the app so it’s counted: {support_url}. The status page has the rest: {status_url}',
        },
      ],
      ru: [
        {
          id: 'acknowledge',
          label: 'У меня тоже',
          text: 'Да, у меня тоже. Обновления пишут тут: {status_url}',
        },
        {
          id: 'workaround',
          label: 'Как обойти',
          text: '{author} то же самое. Мне пока помогло: {my_experience}. Обновления на {status_url}',
        },
        {
          id: 'report',
          label: 'Сообщить как надо',
          text: '{author} лучше отправить через форму в приложении, чтобы учли: {support_url}. Статус тут: {status_url}',
        },
      ],
    },
  },

  trolling: {
    id: 'trolling',
    category: 'trolling',
    goal: 'Usually no reply at all. At most one factual line for other readers, then leave it.',
    do: [
      'Skip it if nobody else is reading the thread',
      'If a false claim could mislead readers, one short factual line, no tone',
      'Like the calm replies of others instead of joining',
    ],
    dont: [
      'Duel, mock or reply twice',
      'Take the bait on insults or provocations',
      'Report or ask others to pile on',
    ],
    escalation: {
      when: 'Harassment of a person, threats or doxxing',
      route: 'manager',
      note: 'Don’t answer; send the link to your community manager.',
    },
    like: {
      should: false,
      what: 'Don’t like the troll’s post; a calm factual reply from someone else is fine',
    },
    templates: {
      en: [
        {
          id: 'one-fact',
          label: 'One factual line (then leave it)',
          text: 'For anyone reading: withdrawals are working, status is here {status_url}',
        },
        {
          id: 'own-experience',
          label: 'One line of experience',
          text: 'Been using it for two years, withdrew last week. That’s all I’ll add',
        },
      ],
      ru: [
        {
          id: 'one-fact',
          label: 'Один факт (и всё)',
          text: 'Для тех, кто читает: выводы работают, статус тут {status_url}',
        },
        {
          id: 'own-experience',
          label: 'Одна строка опыта',
          text: 'Пользуюсь два года, на прошлой неделе выводил. Больше добавить нечего',
        },
      ],
    },
  },

  legal_security_risk: {
    id: 'legal-security-risk',
    category: 'legal_security_risk',
    goal: 'Don’t answer in public. Hand the thread to your community manager; at most warn people off a scam account.',
    do: [
      'Send the link to your community manager first',
      'If it’s a fake support account or a phishing link, a short warning is fine once the team knows',
      'Keep screenshots for the team, not for the thread',
    ],
    dont: [
      'Comment on lawsuits, regulators, hacks or leaks',
      'Confirm or deny a security incident',
      'Click or repost suspicious links',
    ],
    escalation: {
      when: 'Always: legal threats, regulators, hacks, leaks, impersonation, phishing',
      route: 'manager',
      note: 'Escalate within the hour; the team answers these itself.',
    },
    like: { should: false, what: 'Nothing in these threads' },
    templates: {
      en: [
        {
          id: 'flagged',
          label: 'Flagged to the team (after escalating)',
          text: '{author} flagged this to the Kovra team so the right people see it',
        },
        {
          id: 'fake-account',
          label: 'Warn about a fake account (after escalating)',
          text: 'Careful, that account isn’t official. Real support is {support_handle} and it never asks for your codes or seed phrase: {help_article}',
        },
      ],
      ru: [
        {
          id: 'flagged',
          label: 'Передал команде (после эскалации)',
          text: '{author} передал это команде Kovra, чтобы увидели нужные люди',
        },
        {
          id: 'fake-account',
          label: 'Предупредить о фейке (после эскалации)',
          text: 'Осторожно, это не официальный аккаунт. Настоящая поддержка {support_handle}, она никогда не просит коды или сид-фразу: {help_article}',
        },
      ],
    },
  },

  positive_neutral: {
    id: 'positive-neutral',
    category: 'positive_neutral',
    goal: 'Like it; reply only when you have something real to add.',
    do: [
      'Like the post',
      'Add a small tip of your own if it fits',
      'Use the disclosure line if you praise the product',
    ],
    dont: ['Reply with a generic “thanks for the support!”', 'Turn it into an ad or drop a referral link'],
    escalation: { when: 'Never for this category', route: 'none', note: '' },
    like: { should: true, what: 'The post itself' },
    disclosure: DISCLOSURE,
    templates: {
      en: [
        {
          id: 'same-here',
          label: 'Same here',
          text: 'Same here, the card top-up is what sold me. {my_experience}',
        },
        {
          id: 'tip',
          label: 'Add a tip',
          text: '{author} nice! If you haven’t yet, turn on withdrawal alerts in settings, saved me a few support chats',
        },
      ],
      ru: [
        {
          id: 'same-here',
          label: 'У меня так же',
          text: 'У меня так же, меня подкупило пополнение картой. {my_experience}',
        },
        {
          id: 'tip',
          label: 'Добавить совет',
          text: '{author} круто! Если ещё нет, включите уведомления о выводах в настройках, мне это сэкономило пару обращений',
        },
      ],
    },
  },
};

export const DEFAULT_PLAYBOOKS: PlaybookContent = {
  categories: DEFAULT_CATEGORIES.map((c) => ({ ...c })),
  rules: DEFAULT_RULES,
  playbooks,
  settings: DEFAULT_LINKS,
};

export function defaultPlaybook(category: keyof typeof playbooks): Playbook {
  return playbooks[category];
}
