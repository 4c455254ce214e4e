import type { AppContext } from '../../src/app/context.ts';
import { KafkaSource } from '../../src/connectors/kafka-source.ts';
import { STATUS_FORMAT, statusRef } from './status-update.ts';
import { HOTLINE_SOURCE, WORK_ORDER_FORMAT, workOrderRef } from './work-order.ts';

/** The 12345 hotline over Kafka: work orders in, handling statuses in. */
export function hotlineKafkaSources(ctx: AppContext): KafkaSource[] {
  const { config } = ctx;
  return [
    new KafkaSource(ctx, {
      name: 'hotline-12345/kafka-workorders',
      topic: config.KAFKA_WORKORDER_TOPIC,
      groupId: `${config.KAFKA_GROUP_ID}-workorders`,
      toRecord: (_message, value, position) => ({
        source: HOTLINE_SOURCE,
        sourceRef: (value.ok ? workOrderRef(value.json) : undefined) ?? `kafka:${position}`,
        format: WORK_ORDER_FORMAT,
        channel: 'hotline',
        payload: value.text,
        error: value.ok ? undefined : `${position}: ${value.error}`,
      }),
    }),
    new KafkaSource(ctx, {
      name: 'hotline-12345/kafka-status',
      topic: config.KAFKA_STATUS_IN_TOPIC,
      groupId: `${config.KAFKA_GROUP_ID}-status`,
      toRecord: (_message, value, position) => ({
        source: `${HOTLINE_SOURCE}-status`,
        sourceRef: (value.ok ? statusRef(value.json) : undefined) ?? `kafka:${position}`,
        format: STATUS_FORMAT,
        payload: value.text,
        error: value.ok ? undefined : `${position}: ${value.error}`,
      }),
    }),
  ];
}
