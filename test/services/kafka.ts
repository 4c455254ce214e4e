import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { getFreePort } from './ports.ts';

const execFileAsync = promisify(execFile);
const KAFKA_VERSION = '3.9.1';
const HERE = dirname(fileURLToPath(import.meta.url));
const POM = join(HERE, 'kafka-pom.xml');
const LIBS_DIR = resolve(HERE, '../..', '.cache', `kafka-${KAFKA_VERSION}`, 'libs');
const LIBS_COMPLETE_MARKER = join(LIBS_DIR, '.complete');
const READY_TIMEOUT_MS = 90_000;

export interface RunningKafka {
  brokers: string;
  stop(): Promise<void>;
  /** Synchronous last resort for a process that exits without calling stop(); leaves the temp dir. */
  kill(): void;
  /** Stops the broker and starts it again on the same ports and data (fault-injection tests). */
  restart(): Promise<void>;
}

/** Starts a single-node KRaft Kafka broker (jars from Maven Central, cached in .cache/) on free loopback ports. */
export async function startKafka(): Promise<RunningKafka> {
  await ensureKafkaJars();
  const dir = await mkdtemp(join(tmpdir(), 'lianxin-kafka-'));
  try {
    const config = await configureBroker(dir);
    let running = await spawnBroker(config);
    return {
      brokers: config.brokers,
      async stop() {
        await stopBroker(running.broker, running.exited);
        await rm(dir, { recursive: true, force: true });
      },
      kill() {
        running.broker.kill('SIGTERM');
      },
      async restart() {
        await stopBroker(running.broker, running.exited);
        running = await spawnBroker(config);
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

interface BrokerConfig {
  brokers: string;
  javaArgs: string[];
  serverProperties: string;
  logFile: string;
  outputFile: string;
}

/** Writes the configuration of a broker whose files all live in `dir`, and formats its storage. */
async function configureBroker(dir: string): Promise<BrokerConfig> {
  const [port, controllerPort] = [await getFreePort(), await getFreePort()];
  const brokers = `127.0.0.1:${port}`;
  const serverProperties = join(dir, 'server.properties');
  const log4jProperties = join(dir, 'log4j.properties');
  const logFile = join(dir, 'kafka.log');
  const outputFile = join(dir, 'kafka.out');
  await writeFile(serverProperties, brokerConfig(port, controllerPort, join(dir, 'data')));
  await writeFile(log4jProperties, log4jConfig(logFile));
  const javaArgs = ['-Xmx512m', `-Dlog4j.configuration=file:${log4jProperties}`, '-cp', join(LIBS_DIR, '*')];
  // prettier-ignore
  await execFileAsync('java', [
    ...javaArgs, 'kafka.tools.StorageTool', 'format', '-t', randomClusterId(), '-c', serverProperties, '--ignore-formatted',
  ]);
  return { brokers, javaArgs, serverProperties, logFile, outputFile };
}

/** Starts the configured broker and waits until it is ready. */
async function spawnBroker({ brokers, javaArgs, serverProperties, logFile, outputFile }: BrokerConfig): Promise<{ broker: ChildProcess; exited: Promise<void> }> {
  const output = openSync(outputFile, 'a');
  const broker = spawn('java', [...javaArgs, 'kafka.Kafka', serverProperties], { stdio: ['ignore', output, output] });
  closeSync(output);
  const exited = new Promise<void>((resolveExit) => broker.once('exit', () => resolveExit()));
  try {
    await waitUntilReady(brokers, broker);
  } catch (error) {
    await stopBroker(broker, exited);
    const logs = await Promise.all([outputFile, logFile].map((file) => readFile(file, 'utf8').catch(() => '')));
    throw new Error(`Kafka broker on ${brokers} did not become ready; log:\n${logs.join('').slice(-3000)}`, { cause: error });
  }
  return { broker, exited };
}

/**
 * Copies the broker's runtime jars into .cache/ with Maven, unless a previous run completed that already.
 * Downloads into a staging folder renamed into place at the end, so an interrupted or concurrent run never
 * leaves a half-filled folder marked complete.
 */
async function ensureKafkaJars(): Promise<void> {
  if (existsSync(LIBS_COMPLETE_MARKER)) return;
  process.stderr.write(`[test services] downloading Kafka ${KAFKA_VERSION} jars into ${LIBS_DIR}\n`);
  const staging = `${LIBS_DIR}.download-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await execFileAsync('mvn', ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`], {
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`mvn could not fetch the Kafka jars:\n${(stdout + stderr).slice(-3000)}`, { cause: error });
  }
  if (existsSync(LIBS_COMPLETE_MARKER)) {
    await rm(staging, { recursive: true, force: true }); // another run finished first
    return;
  }
  await writeFile(join(staging, '.complete'), `kafka_2.13 ${KAFKA_VERSION}\n`);
  await rm(LIBS_DIR, { recursive: true, force: true });
  await rename(staging, LIBS_DIR);
}

function brokerConfig(port: number, controllerPort: number, dataDir: string): string {
  return `${[
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'offsets.topic.replication.factor=1',
    // One partition makes the first consumer group's coordinator available sooner.
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'num.partitions=3',
    'auto.create.topics.enable=true',
  ].join('\n')}\n`;
}

function log4jConfig(logFile: string): string {
  return `${[
    'log4j.rootLogger=WARN, file',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${logFile}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
  ].join('\n')}\n`;
}

/** A Kafka cluster id: 16 random bytes, base64url without padding, not starting with '-' (as Uuid.randomUuid). */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Ready means a client can list topics and find a consumer group coordinator (which creates
 * __consumer_offsets, so the tests' first consumer does not wait for it); gives up early if the JVM exits.
 */
async function waitUntilReady(brokers: string, broker: ChildProcess): Promise<void> {
  const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (broker.exitCode !== null || broker.signalCode !== null) throw new Error('the Kafka JVM exited during startup');
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.describeGroups(['lianxin-readiness-probe']);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(500);
    } finally {
      await admin.disconnect();
    }
  }
}

/** SIGTERM lets the broker shut down cleanly; SIGKILL if it takes longer than 20 s. */
async function stopBroker(broker: ChildProcess, exited: Promise<void>): Promise<void> {
  if (broker.exitCode !== null || broker.signalCode !== null) return;
  broker.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(20_000, false, { ref: false })]);
  if (!stopped) {
    broker.kill('SIGKILL');
    await exited;
  }
}
