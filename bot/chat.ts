/** `npm run chat`: talk to the bot in a terminal (interactive, or scripted through piped stdin). */
import readline from 'node:readline';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { createLogger } from '../core/logger.js';
import { buildApp } from './app.js';
import { createOnTurnError } from './adapter.js';
import { TerminalAdapter } from './channels/terminalAdapter.js';
import { ContentError } from '../knowledge/load/loadKnowledge.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env);
  // Replies own stdout; logs go to stderr and only when they matter.
  const level = config.logLevel === 'debug' || config.logLevel === 'info' ? 'warn' : config.logLevel;
  const logger = createLogger(level, (line) => process.stderr.write(`${line}\n`));
  const app = buildApp(config, logger);
  const adapter = new TerminalAdapter(process.stdout);
  adapter.onTurnError = createOnTurnError({ logger, userConversationState: app.userConversationState });
  const logic = (context: Parameters<typeof app.bot.run>[0]): Promise<void> => app.bot.run(context);

  // isTTY is undefined (not false) when stdin is a pipe, whatever the type says.
  const interactive = (process.stdin as { isTTY?: boolean }).isTTY === true;
  await adapter.join(logic);
  const rl = readline.createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
    terminal: interactive,
  });
  if (interactive) {
    rl.setPrompt('you> ');
    rl.prompt();
  }
  for await (const line of rl) {
    if (line.trim() !== '' || interactive) {
      if (!interactive) adapter.write(`> ${line}\n\n`);
      await adapter.say(line, logic);
    }
    if (interactive) rl.prompt();
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ContentError)
    process.stderr.write(`Refusing to start. ${err.message}\n`);
  else process.stderr.write(`chat failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
