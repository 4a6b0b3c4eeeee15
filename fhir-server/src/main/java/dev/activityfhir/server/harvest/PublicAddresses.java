package dev.activityfhir.server.harvest;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Tells addresses on the public internet from those that reach the harvesting machine itself, its own network or
 * special-purpose ranges: loopback, unspecified, private (RFC 1918), shared (CGNAT, RFC 6598), link-local
 * (169.254/16 with the cloud metadata services, fe80::/10), unique-local (fc00::/7), site-local (fec0::/10),
 * multicast, broadcast, reserved and documentation ranges. An IPv6 address that embeds an IPv4 one (mapped,
 * compatible, 6to4, NAT64) is judged by the IPv4 address it carries.
 */
final class PublicAddresses {

  private PublicAddresses() {}

  /** Whether {@code address} is a public unicast address. */
  static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    if (address instanceof Inet4Address) {
      return isPublicIpv4(address.getAddress());
    }
    if (address instanceof Inet6Address) {
      return isPublicIpv6(address.getAddress());
    }
    return false;
  }

  private static boolean isPublicIpv4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    return !(a0 == 0 // "this network"
        || a0 == 10
        || a0 == 127
        || a0 == 100 && a1 >= 64 && a1 <= 127 // shared address space (CGNAT)
        || a0 == 169 && a1 == 254
        || a0 == 172 && a1 >= 16 && a1 <= 31
        || a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2) // IETF protocol assignments, TEST-NET-1
        || a0 == 192 && a1 == 88 && a2 == 99 // 6to4 relay anycast
        || a0 == 192 && a1 == 168
        || a0 == 198 && (a1 == 18 || a1 == 19) // benchmarking
        || a0 == 198 && a1 == 51 && a2 == 100 // TEST-NET-2
        || a0 == 203 && a1 == 0 && a2 == 113 // TEST-NET-3
        || a0 >= 224); // multicast, reserved, broadcast
  }

  private static boolean isPublicIpv6(byte[] b) {
    int first = b[0] & 0xff;
    if ((first & 0xfe) == 0xfc) {
      return false; // unique local fc00::/7
    }
    if (first == 0xff || first == 0xfe && (b[1] & 0xc0) == 0x80) {
      return false; // multicast, link-local
    }
    if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return isPublicIpv4(slice(b, 12)); // IPv4-mapped ::ffff:a.b.c.d
    }
    if (allZero(b, 0, 12)) {
      return false; // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
    }
    if (first == 0x20 && (b[1] & 0xff) == 0x02) {
      return isPublicIpv4(slice(b, 2)); // 6to4 2002:a.b.c.d::/48
    }
    if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      return isPublicIpv4(slice(b, 12)); // NAT64 64:ff9b::/96
    }
    if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return false; // documentation 2001:db8::/32
    }
    return (first & 0xe0) == 0x20; // global unicast 2000::/3
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }
}
