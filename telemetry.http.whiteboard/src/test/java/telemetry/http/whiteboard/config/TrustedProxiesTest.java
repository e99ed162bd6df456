package telemetry.http.whiteboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies proxies =
            TrustedProxies.parse("trusted.proxies", List.of("10.0.0.0/8, 192.0.2.7", "::1 fd00::/8", "172.16.0.0/12"));

    @Test
    void addressesAndBlocksOfBothFamiliesMatch() {
        assertTrue(proxies.isTrusted("10.255.1.2"));
        assertTrue(proxies.isTrusted("192.0.2.7"));
        assertFalse(proxies.isTrusted("192.0.2.8"));
        assertTrue(proxies.isTrusted("172.31.255.255"));
        assertFalse(proxies.isTrusted("172.32.0.0"));
        assertTrue(proxies.isTrusted("::1"));
        assertTrue(proxies.isTrusted("[::1]"));
        assertTrue(proxies.isTrusted("0:0:0:0:0:0:0:1"));
        assertTrue(proxies.isTrusted("fdab:1::9"));
        assertFalse(proxies.isTrusted("fe80::1"));
        assertTrue(proxies.isTrusted("::ffff:10.1.1.1"), "IPv4-mapped peer matches the IPv4 block");
        assertFalse(proxies.isTrusted("not-an-address"));
        assertEquals("10.0.0.0/8, 192.0.2.7, ::1, fd00::/8, 172.16.0.0/12", proxies.toString());
    }

    @Test
    void forwardedForIsWalkedFromTheNearestHop() {
        assertEquals("198.51.100.7", proxies.clientAddress("10.0.0.1", headers("198.51.100.7")));
        assertEquals(
                "198.51.100.7",
                proxies.clientAddress("10.0.0.1", headers("203.0.113.5, 198.51.100.7, 10.2.2.2")),
                "the first untrusted hop from the right is the client; what it forwarded is not believed");
        assertEquals(
                "198.51.100.7",
                proxies.clientAddress("10.0.0.1", headers("203.0.113.5", "198.51.100.7:4711, 10.2.2.2")),
                "several headers form one list; ports are dropped");
        assertEquals("2001:db8::5", proxies.clientAddress("::1", headers("[2001:db8::5]:443")));
        assertEquals(
                "10.2.2.2",
                proxies.clientAddress("10.0.0.1", headers("unknown, 10.2.2.2")),
                "a hop that is not an address stops the walk at the last trusted hop");
        assertEquals(
                "10.3.3.3",
                proxies.clientAddress("10.0.0.1", headers("10.3.3.3, 10.2.2.2")),
                "all trusted: the farthest hop");
        assertEquals("10.0.0.1", proxies.clientAddress("10.0.0.1", headers()));
        assertEquals("10.0.0.1", proxies.clientAddress("10.0.0.1", null));
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertEquals("198.51.100.9", proxies.clientAddress("198.51.100.9", headers("10.0.0.5")));
        assertEquals("127.0.0.1", TrustedProxies.NONE.clientAddress("127.0.0.1", headers("198.51.100.7")));
    }

    @Test
    void emptyConfigurationTrustsNobody() {
        assertSame(TrustedProxies.NONE, TrustedProxies.parse("trusted.proxies", List.of(" ", "")));
        assertTrue(TrustedProxies.parse("trusted.proxies", List.of()).isEmpty());
    }

    @Test
    void badEntriesAreRejectedByNameWithTheRule() {
        assertRejected("proxy.example.com", "host names are not accepted");
        assertRejected("10.0.0.0/33", "prefix length after '/' must be 0 to 32");
        assertRejected("::1/129", "must be 0 to 128 for an IPv6 address");
        assertRejected("10.0.0.1/8", "bits set beyond the /8 prefix");
        assertRejected("10.0.0.0/", "prefix length");
        assertRejected("10.0.0.0/x", "prefix length");
        assertRejected("fe80::1%eth0", "IPv4 or IPv6 addresses");
        assertRejected("300.1.1.1", "IPv4 or IPv6 addresses");
    }

    private static void assertRejected(String entry, String rule) {
        InvalidConfigurationException e = assertThrows(
                InvalidConfigurationException.class,
                () -> TrustedProxies.parse("trusted.proxies", List.of("10.1.0.0/16, " + entry)));
        assertEquals("trusted.proxies", e.property());
        assertTrue(e.getMessage().contains("telemetry.http.whiteboard"), e.getMessage());
        assertTrue(e.getMessage().contains("'trusted.proxies'"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
    }

    private static java.util.Enumeration<String> headers(String... values) {
        return Collections.enumeration(List.of(values));
    }
}
