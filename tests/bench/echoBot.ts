/**
 * The bare ceiling of this stack for `npm run bench`: restify + botbuilder's CloudAdapter with no app id,
 * echoing each message. Nothing of the bot is imported, so what it costs per turn is the stack alone.
 * Compiled by `npm run build` to dist/tests/bench/echoBot.js and run as plain `node`.
 */
import restify, { type Request, type Response } from 'restify';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';

// Empty credentials, as the bot runs without an app id: unauthenticated loopback requests are accepted.
const settings = { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: '', MicrosoftAppTenantId: '' };
const credentials = new ConfigurationServiceClientCredentialFactory(settings);
// botbuilder and botbuilder-core each declare this class; it is one class at run time.
// eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings, credentials));

const server = restify.createServer({ name: 'echo-bench', handleUncaughtExceptions: false });
// The bot's body parser settings (its default MAX_BODY_BYTES), so large pastes are parsed alike.
server.use(restify.plugins.bodyParser({ maxBodySize: 262144, mapParams: false, mapFiles: false }));

server.post('/api/messages', async (req: Request, res: Response) => {
  await adapter.process(req, res, async (context: TurnContext) => {
    if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text}`);
  });
});

// restify 11 takes async handlers of two arguments.
// eslint-disable-next-line @typescript-eslint/require-await
server.get('/healthz', async (_req: Request, res: Response) => {
  res.send(200, { status: 'ok' });
});

const port = Number(process.env['PORT'] ?? 3979);
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`echo bot listening on ${port}\n`);
});
