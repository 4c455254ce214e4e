import { parseArgs } from 'node:util';
import { ConfigError } from '../config.ts';
import { importCommand } from './import-command.ts';
import { keysCommand, migrateCommand } from './admin-commands.ts';
import { membersCommand } from './members-command.ts';
import { startCommand, workerCommand } from './start-command.ts';
import { trainCommand } from './train-command.ts';

const USAGE = `lianxin <command>

  start [--no-demo]                 server + web UI + workers + scheduler (one process)
  worker                            workers only (needs REDIS_URL and DATABASE_URL)
  migrate                           apply database migrations
  import FILE [--source S] [--channel C]
                                    import a JSONL or CSV message file
  import-hotline FILE.csv|FILE.xlsx [--mapping M.json]
                                    import a 12345 export (streamed; column mapping)
  members import FILE               create/update members (CSV) and their logins
  members deactivate USERNAME       deactivate a member (history is kept)
  members list
  train --data FILE [--data FILE…]  train a new classifier model from labelled JSONL
  keys create NAME [--role connector|admin]
                                    create an API key for a machine (printed once)
  eval classify --train FILE [--test FILE] [--seed N]
  eval hot --messages FILE… [--top K] [--half-life DAYS]
  eval bursts --messages FILE --train LABELLED.jsonl
  eval merge --gold FILE [--clusters FILE] --hot FILE… --labeled FILE…
  bench [merge|connectors…]         benchmarks; last stdout line is one JSON object
  simulate <mailbox|message-board|cppcc|hotline-kafka> [--port P] [--count N]
                                    run an upstream simulator
`;

export type Args = ReturnType<typeof parse>;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'no-demo': { type: 'boolean' },
      source: { type: 'string' },
      channel: { type: 'string' },
      data: { type: 'string', multiple: true },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Commands that parse their own arguments. */
const PASS_THROUGH: Record<string, (argv: string[]) => Promise<number>> = {
  'eval:classify': async (argv) => (await import('./eval-classify-command.ts')).evalClassifyCommand(argv),
  'eval:hot': async (argv) => (await import('./eval-hot-command.ts')).evalHotCommand(argv),
  'eval:bursts': async (argv) => (await import('./eval-bursts-command.ts')).evalBurstsCommand(argv),
  'eval:merge': async (argv) => (await import('./eval-merge-command.ts')).evalMergeCommand(argv),
  bench: async (argv) => (await import('./bench-command.ts')).benchCommand(argv),
  simulate: async (argv) => (await import('./simulate-command.ts')).simulateCommand(argv),
  'import-hotline': async (argv) => (await import('../../connectors/hotline-12345/file-import-command.ts')).hotlineImportCommand(argv),
};

async function main(argv: string[]): Promise<number> {
  const [first, second] = argv;
  const own = PASS_THROUGH[`${first}:${second}`] ?? PASS_THROUGH[first ?? ''];
  if (own) return own(argv.slice(1)); // everything after the command word
  const args = parse(argv);
  const [command, ...rest] = args.positionals;
  if (!command || args.values.help) {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  switch (command) {
    case 'start':
      return startCommand(args);
    case 'worker':
      return workerCommand();
    case 'migrate':
      return migrateCommand();
    case 'import':
      return importCommand(rest, args);
    case 'members':
      return membersCommand(rest);
    case 'train':
      return trainCommand(args);
    case 'keys':
      return keysCommand(rest, args);
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `lianxin: ${(error as Error).stack ?? error}\n`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  },
);
