import { describe, expect, test } from "bun:test";
import { addressBucket, clientAddress, createProxyList, TrustedProxyConfigError } from "./clientAddress.ts";

describe("trusted proxies", () => {
  const proxies = createProxyList(["10.0.0.0/8", "fd00::/8", "192.0.2.7"]);

  test("addresses and CIDR ranges of both families; junk is a named error", () => {
    expect(proxies.size).toBe(3);
    expect(proxies.has("10.20.30.40")).toBe(true);
    expect(proxies.has("192.0.2.7")).toBe(true);
    expect(proxies.has("192.0.2.8")).toBe(false);
    expect(proxies.has("fd12:3456::1")).toBe(true);
    expect(proxies.has("2001:db8::1")).toBe(false);
    expect(proxies.has("not-an-ip")).toBe(false);
    for (const bad of ["10.0.0.0/33", "nonsense", "10.0.0.0/x", "::1/129"]) expect(() => createProxyList([bad])).toThrow(TrustedProxyConfigError);
    expect(createProxyList(["", " "]).size).toBe(0);
  });

  test("X-Forwarded-For is read only from a trusted peer, from the right, up to the first untrusted hop", () => {
    // A client's own header (not from our proxy) is ignored: it could name any address.
    expect(clientAddress("198.51.100.9", "1.2.3.4", proxies)).toBe("198.51.100.9");
    // Our balancer appended the client's address.
    expect(clientAddress("10.0.0.5", "198.51.100.9", proxies)).toBe("198.51.100.9");
    // The client sent a forged entry first; the balancer appended the real one at the right.
    expect(clientAddress("10.0.0.5", "1.2.3.4, 198.51.100.9", proxies)).toBe("198.51.100.9");
    // Two of our proxies in a row.
    expect(clientAddress("10.0.0.5", "198.51.100.9, 10.1.1.1", proxies)).toBe("198.51.100.9");
    // Junk at the right of our proxy's entry ends the walk at the proxy itself.
    expect(clientAddress("10.0.0.5", "198.51.100.9, <script>", proxies)).toBe("10.0.0.5");
    // No list configured: the header means nothing.
    expect(clientAddress("10.0.0.5", "198.51.100.9", createProxyList([]))).toBe("10.0.0.5");
    expect(clientAddress(undefined, "198.51.100.9", proxies)).toBeUndefined();
  });
});

describe("address buckets", () => {
  test("IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 per /64 whatever its spelling", () => {
    expect(addressBucket("198.51.100.9")).toBe("198.51.100.9");
    expect(addressBucket("::ffff:198.51.100.9")).toBe("198.51.100.9");
    expect(addressBucket("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("nope")).toBeNull();
    expect(addressBucket("")).toBeNull();
  });
});
