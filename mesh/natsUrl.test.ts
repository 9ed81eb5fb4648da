import { describe, expect, test } from "bun:test";
import { MeshConnectError } from "./errors.ts";
import { splitNatsCredentials } from "./natsUrl.ts";

describe("splitNatsCredentials", () => {
  test("URLs without credentials pass through unchanged", () => {
    expect(splitNatsCredentials("nats://127.0.0.1:4222,127.0.0.2:4222")).toEqual({ servers: ["nats://127.0.0.1:4222", "127.0.0.2:4222"] });
  });

  test("credentials move from the URLs into user/pass, percent-decoded", () => {
    expect(splitNatsCredentials(["nats://app:p%40ss@10.0.0.1:4222", "nats://app:p%40ss@10.0.0.2:4222"])).toEqual({
      servers: ["nats://10.0.0.1:4222", "nats://10.0.0.2:4222"],
      user: "app",
      pass: "p@ss",
    });
  });

  test("different credentials per server, or a broken URL, are named errors that hide the password", () => {
    expect(() => splitNatsCredentials("nats://a:x@h1:4222,nats://b:y@h2:4222")).toThrow(MeshConnectError);
    let message = "";
    try {
      splitNatsCredentials("nats://app:secret@[bad");
    } catch (err) {
      expect(err).toBeInstanceOf(MeshConnectError);
      message = (err as Error).message;
    }
    expect(message).not.toContain("secret");
  });
});
