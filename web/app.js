/* The web chat page: starts or resumes a conversation with the bot's own Direct Line and renders Web Chat. */
/* global WebChat, window, document, fetch, URL, setTimeout */
'use strict';

(function main() {
  const DOMAIN = `${window.location.origin}/v3/directline`;
  const SAVED = 'webchat.conversation';
  /** DirectLineJS connection states (its ConnectionStatus enum). */
  const ONLINE = 2;
  const FAILED = 4;
  const ENDED = 5;

  const nonce = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? '';
  const chat = document.getElementById('chat');
  const status = document.getElementById('status');
  /** The conversation on screen: { conversationId, directLine, store }. */
  let current;

  const say = (text) => {
    status.textContent = text;
  };

  function saved() {
    try {
      const value = JSON.parse(window.sessionStorage.getItem(SAVED) ?? 'null');
      return value && typeof value.conversationId === 'string' && typeof value.token === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }

  function save(conversationId, token) {
    try {
      window.sessionStorage.setItem(SAVED, JSON.stringify({ conversationId, token }));
    } catch {
      // Storage refused (private mode): the chat works, a reload starts a new conversation.
    }
  }

  async function call(path, token, method = 'POST') {
    const response = await fetch(`${DOMAIN}${path}`, {
      method,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
    return response;
  }

  /** The saved conversation with a fresh token, or a new conversation when there is none or it ended. */
  async function conversation(fresh) {
    const kept = fresh ? undefined : saved();
    if (kept) {
      try {
        const renewed = await (await call('/tokens/refresh', kept.token)).json();
        if (renewed.conversationId === kept.conversationId) return renewed;
      } catch (err) {
        // Expired, unknown or ended: start anew. Anything else (busy, offline) is reported, not replaced.
        if (![401, 403, 404].includes(err.status)) throw err;
      }
    }
    return (await call('/conversations')).json();
  }

  function render(started) {
    if (current) current.directLine.end();
    const directLine = WebChat.createDirectLine({
      domain: DOMAIN,
      token: started.token,
      conversationId: started.conversationId,
      webSocket: false,
    });
    const store = WebChat.createStore();
    current = { conversationId: started.conversationId, directLine, store };
    directLine.connectionStatus$.subscribe((state) => {
      if (state === ONLINE) say('');
      else if (state === ENDED) say('This conversation has ended. Choose "New conversation" to start again.');
      else if (state === FAILED) say('The chat could not connect. Reload the page or choose "New conversation".');
    });
    const host = document.createElement('div');
    host.className = 'webchat-host';
    chat.replaceChildren(host);
    WebChat.renderWebChat(
      {
        directLine,
        store,
        nonce,
        locale: 'en-US',
        sendTypingIndicator: false,
        styleOptions: {
          accent: '#2B579A',
          botAvatarInitials: 'Bot',
          userAvatarInitials: 'You',
          hideUploadButton: true,
          rootHeight: '100%',
          rootWidth: '100%',
        },
      },
      host,
    );
  }

  async function start(fresh) {
    say('Connecting…');
    try {
      const started = await conversation(fresh);
      save(started.conversationId, started.token);
      render(started);
    } catch (err) {
      say(
        err.status === 429
          ? 'Too many new conversations from here just now: wait a minute, then reload the page.'
          : 'The chat could not start. Reload the page to try again.',
      );
    }
  }

  function focusSendBox() {
    document.querySelector('[data-id="webchat-sendbox-input"]')?.focus();
  }

  function sendStarter(button) {
    if (!current) return;
    const text = button.dataset.command;
    current.store.dispatch({
      type: 'WEB_CHAT/SEND_MESSAGE_BACK',
      payload: { text, displayText: button.textContent.trim(), value: { text } },
    });
    focusSendBox();
  }

  async function downloadTranscript(event) {
    event.preventDefault();
    if (!current) return;
    try {
      const token = current.directLine.token;
      const response = await call(
        `/conversations/${encodeURIComponent(current.conversationId)}/transcript`,
        token,
        'GET',
      );
      const disposition = response.headers.get('content-disposition') ?? '';
      const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'web-chat-transcript.txt';
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      say('The transcript could not be downloaded. Try again in a moment.');
    }
  }

  for (const button of document.querySelectorAll('button.starter')) {
    button.addEventListener('click', () => sendStarter(button));
  }
  document.getElementById('new-conversation').addEventListener('click', () => {
    void start(true).then(focusSendBox);
  });
  document.getElementById('download-transcript').addEventListener('click', (event) => void downloadTranscript(event));
  // DirectLineJS renews its token every 15 minutes: keep the newest for the next reload.
  window.addEventListener('pagehide', () => {
    if (current?.directLine.token) save(current.conversationId, current.directLine.token);
  });

  void start(false);
})();
