import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { startCppccSimulator } from '../../connectors/cppcc/simulator.ts';
import { sampleMessages, type SampleMessage } from '../../connectors/mailbox/sample-messages.ts';
import { startMailboxSimulator, type SimulatorOptions } from '../../connectors/mailbox/simulator.ts';
import { startMessageBoardSimulator } from '../../connectors/message-board/simulator.ts';
import { loadConfig } from '../config.ts';

const USAGE = `lianxin simulate <mailbox|message-board|cppcc|hotline-kafka> [--port P] [--count N] [--from-shared] [--token T]

  mailbox, message-board, cppcc   serve the upstream API over HTTP until Ctrl-C (bearer auth with --token)
  hotline-kafka                   send N 12345 work orders to KAFKA_BROKERS / KAFKA_WORKORDER_TOPIC
  --from-shared                   messages from ../shared/data/messages-*.jsonl when present (else generated)
`;

const SIMULATORS = {
  mailbox: { start: startMailboxSimulator, path: '/api/letters' },
  'message-board': { start: startMessageBoardSimulator, path: '/api/posts' },
  cppcc: { start: startCppccSimulator, path: '/api/opinions' },
} as const;

/** 2026-11-20T01:02:03Z → "2026-11-20 09:02:03" (China local time, as the hotline writes it). */
const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);

function workOrderOf(m: SampleMessage, index: number) {
  return {
    workOrderNo: `SIM${String(index).padStart(9, '0')}`,
    acceptTime: chinaTime(m.time),
    title: m.title,
    content: m.content,
    callerName: m.name,
    callerPhone: m.phone,
    district: m.district,
    intake: '电话',
  };
}

async function sendWorkOrders(count: number, fromShared: boolean): Promise<number> {
  const config = loadConfig();
  if (!config.KAFKA_BROKERS) {
    process.stderr.write('KAFKA_BROKERS is not set\n');
    return 2;
  }
  const producer = new Kafka({ clientId: `${config.KAFKA_CLIENT_ID}-simulator`, brokers: config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    const orders = (await sampleMessages({ count, fromShared })).map(workOrderOf);
    for (let i = 0; i < orders.length; i += 500) {
      await producer.send({ topic: config.KAFKA_WORKORDER_TOPIC, messages: orders.slice(i, i + 500).map((o) => ({ key: o.workOrderNo, value: JSON.stringify(o) })) });
    }
    process.stdout.write(`sent ${orders.length} work orders to ${config.KAFKA_WORKORDER_TOPIC} on ${config.KAFKA_BROKERS}\n`);
    return 0;
  } finally {
    await producer.disconnect();
  }
}

async function serve(kind: keyof typeof SIMULATORS, options: SimulatorOptions): Promise<number> {
  const simulator = await SIMULATORS[kind].start(options);
  process.stdout.write(`${kind} simulator serving ${simulator.size()} items at ${simulator.url}${SIMULATORS[kind].path}${options.token ? ' (bearer token required)' : ''}; Ctrl-C stops it\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await simulator.close();
  return 0;
}

/** `lianxin simulate …`: the upstream systems, for demos and manual testing. */
export async function simulateCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { port: { type: 'string' }, count: { type: 'string' }, 'from-shared': { type: 'boolean' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const kind = positionals[0];
  const count = Number(values.count ?? 200);
  const port = Number(values.port ?? 0);
  if (values.help || !kind || !Number.isInteger(count) || count < 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  if (kind === 'hotline-kafka') return sendWorkOrders(count, values['from-shared'] ?? false);
  if (!(kind in SIMULATORS)) {
    process.stderr.write(`unknown upstream "${kind}"\n\n${USAGE}`);
    return 2;
  }
  return serve(kind as keyof typeof SIMULATORS, { port, count, fromShared: values['from-shared'], token: values.token });
}
