// Bulk data travels as Arrow IPC streams: columns stay typed arrays end to end.
import { tableFromIPC, tableToIPC, type Table } from "apache-arrow";
import { MeshDecodeError, MeshEncodeError } from "../errors.ts";
import type { Codec } from "../types.ts";

export const ARROW_STREAM_CONTENT_TYPE = "application/vnd.apache.arrow.stream";

/** Every IPC stream message starts with the 0xFFFFFFFF continuation marker. */
function hasContinuationMarker(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
}

export const arrowCodec: Codec<Table> = {
  contentType: ARROW_STREAM_CONTENT_TYPE,
  encode(table: Table): Uint8Array {
    if (table.schema.fields.length === 0) {
      throw new MeshEncodeError("an Arrow table without columns cannot be sent");
    }
    return tableToIPC(table, "stream");
  },
  decode(bytes: Uint8Array): Table {
    // tableFromIPC returns an empty table for many non-Arrow inputs instead of throwing,
    // so the framing and the schema are checked explicitly.
    if (!hasContinuationMarker(bytes)) {
      throw new MeshDecodeError(`payload is not an Arrow IPC stream (${bytes.length} bytes, no continuation marker)`);
    }
    let table: Table;
    try {
      table = tableFromIPC(bytes);
    } catch (err) {
      throw new MeshDecodeError(`payload is not a readable Arrow IPC stream: ${(err as Error).message}`, { cause: err });
    }
    if (table.schema.fields.length === 0) {
      throw new MeshDecodeError("Arrow IPC stream has no schema fields");
    }
    return table;
  },
};
