// Public API of the mesh sidecar layer.
export type { Envelope, Codec, MessageDef, Mesh, Received } from "./types.ts";
export { createContract, assertToken, DEFAULT_STREAM_MAX_BYTES, type Contract, type ContractOptions, type StreamKey, type StreamSpec } from "./subjects.ts";
export {
  MeshError,
  MeshTimeoutError,
  MeshNoRespondersError,
  MeshDecodeError,
  MeshEncodeError,
  MeshRemoteError,
  MeshProvisionError,
  MeshPublishError,
  MeshConnectError,
  MeshClosedError,
  MeshDisconnectedError,
} from "./errors.ts";
export { jsonCodec, JSON_CONTENT_TYPE } from "./codecs/json.ts";
export { codecOf } from "./codecs/codecOf.ts";
export { arrowCodec, ARROW_STREAM_CONTENT_TYPE } from "./codecs/arrow.ts";
export {
  HEADER,
  createEnvelope,
  envelopeToHeaders,
  envelopeFromHeaders,
  decodeMessage,
  type EnvelopeOptions,
  type WireMessage,
} from "./envelope.ts";
export { connectMesh, isLinked, type ConnectMeshOptions, type ReconnectOptions } from "./connection.ts";
export { installShutdown, closeAll, type Closer, type ShutdownOptions } from "./shutdown.ts";
export { ensureStream, ensureStreams, ensureConsumer, type DurableConsumerConfig, type EnsureStreamOptions } from "./provision.ts";
export { ensureStreamsWhenPlaceable, isPlacementPending, PROVISION_WAIT_MS } from "./provisionRetry.ts";
export { publish, emit, type PublishOptions, type PublishResult } from "./publish.ts";
export { request, serve, type RequestOptions, type ServeOptions, type ServeContext, type Server } from "./request.ts";
export { listen, type ListenOptions, type Listener } from "./listen.ts";
export { remoteErrorDef, remoteErrorSchema, toRemoteErrorPayload, type RemoteErrorPayload } from "./remoteError.ts";
export { DLQ_HEADER, publishDeadLetter, deadLetterHeaders, type DeadLetter } from "./deadLetter.ts";
export { watchMaxDeliveries, maxDeliveriesSubject } from "./maxDeliveriesWatch.ts";
export {
  runWorkerPool,
  type WorkerPool,
  type WorkerPoolOptions,
  type WorkerPoolStats,
  type WorkerMessage,
  type DeadLetterInfo,
} from "./workerPool.ts";
export {
  meshTelemetry,
  resetMeshTelemetry,
  LATENCY_BUCKETS_MS,
  type MeshTelemetrySnapshot,
  type SubjectTelemetry,
} from "./telemetry.ts";
export { registerMeshMetrics, processMetricsRegistry, renderMetrics, METRICS_CONTENT_TYPE } from "./prometheus.ts";
export { startMetricsServer, type MetricsServer } from "./metricsServer.ts";
export { createLogger, logDestination, silentLogger, type Logger } from "./logger.ts";
export { MeshKvError } from "./errors.ts";
export { openBucket, isRevisionConflict, deleteContractBuckets, KV_WRONG_LAST_SEQUENCE, KV_WRONG_LAST_SEQUENCE_UNKNOWN } from "./kv.ts";
export {
  riskFrameMessages,
  riskFrameCodec,
  riskRegionQueryCodec,
  riskRegionQuerySchema,
  riskFrameOf,
  renderRiskFrame,
  fillRiskFrame,
  frameDistances,
  frameTagOf,
  RISK_FRAME_CONTENT_TYPE,
  type RiskFrame,
  type RiskRegionQuery,
} from "./riskFrameMessages.ts";
export {
  riskFrameBatchMessages,
  riskFrameBatchCodec,
  riskRegionBatchQueryCodec,
  riskRegionBatchQueryV1,
  MAX_RISK_BATCH,
  RISK_FRAME_BATCH_CONTENT_TYPE,
  type RiskRegionBatchQuery,
  type RiskFrameResult,
} from "./riskFrameBatchMessages.ts";

export { inboxPrefixOf, splitNatsCredentials } from "./natsUrl.ts";
