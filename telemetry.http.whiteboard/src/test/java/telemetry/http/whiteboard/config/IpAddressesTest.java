package telemetry.http.whiteboard.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class IpAddressesTest {

    @Property(tries = 2000)
    void everyIpv6AddressTheJdkPrintsParsesBack(@ForAll @Size(16) byte[] address) throws UnknownHostException {
        String text = InetAddress.getByAddress(address).getHostAddress();
        byte[] expected = InetAddress.getByName(text).getAddress(); // a literal: no lookup
        assertArrayEquals(expected, IpAddresses.parse(text), text);
    }

    @Property(tries = 2000)
    void everyIpv4AddressParsesBack(@ForAll @Size(4) byte[] address) throws UnknownHostException {
        String text = InetAddress.getByAddress(address).getHostAddress();
        assertArrayEquals(address, IpAddresses.parse(text), text);
    }

    @Test
    void compressedMappedAndZonedFormsParse() {
        assertArrayEquals(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), IpAddresses.parse("::1"));
        assertArrayEquals(new byte[16], IpAddresses.parse("::"));
        assertArrayEquals(bytes(0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), IpAddresses.parse("fd00::"));
        assertArrayEquals(
                bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42),
                IpAddresses.parse("2001:DB8::42"));
        assertArrayEquals(bytes(192, 0, 2, 7), IpAddresses.parse("::ffff:192.0.2.7"), "IPv4-mapped answers IPv4");
        assertArrayEquals(
                bytes(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), IpAddresses.parse("fe80::1%eth0"));
        assertArrayEquals(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1), IpAddresses.parse("::10.0.0.1"));
    }

    @Test
    void namesAndMalformedTextAreNotAddresses() {
        for (String text : new String[] {
            "localhost",
            "example.com",
            "unknown",
            "",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3.-4",
            "1::2::3",
            ":1",
            "1:",
            "12345::",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7:8::",
            "g::1",
            "::1.2.3.4.5",
            "1.2.3.4:80",
            " 1.2.3.4"
        }) {
            assertNull(IpAddresses.parse(text), text);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
