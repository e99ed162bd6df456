package telemetry.http.whiteboard.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;

/**
 * The peers whose {@code X-Forwarded-For} is believed: IPv4 and IPv6 addresses and CIDR blocks.
 * Immutable and safe to share between threads.
 *
 * <p>{@link #clientAddress} walks {@code X-Forwarded-For} from the right (the hop nearest to us) and
 * stops at the first hop that is not a trusted proxy: that hop is the client. A hop that is not an
 * IP literal (e.g. {@code unknown}) stops the walk at the last trusted hop, since what it forwarded
 * cannot be checked. A peer that is not trusted is the client, whatever it sent.
 */
public final class TrustedProxies {

    /** No proxy is trusted: the peer address is always the TCP peer. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private static final String RULE = "IPv4 or IPv6 addresses or CIDR blocks, separated by commas or blanks, "
            + "e.g. 10.0.0.0/8, 192.0.2.7, ::1, fd00::/8 (host names are not accepted)";

    private final byte[][] networks;
    private final int[] prefixes;
    private final List<String> text;

    private TrustedProxies(List<byte[]> networks, List<Integer> prefixes, List<String> text) {
        this.networks = networks.toArray(new byte[0][]);
        this.prefixes = prefixes.stream().mapToInt(Integer::intValue).toArray();
        this.text = List.copyOf(text);
    }

    private TrustedProxies(List<byte[]> networks, List<Integer> prefixes) {
        this(networks, prefixes, List.of());
    }

    /**
     * Parses the values of a configuration property; each value may hold several entries separated
     * by commas or blanks.
     *
     * @throws InvalidConfigurationException for an entry that is not an address or a CIDR block
     */
    public static TrustedProxies parse(String property, Collection<String> values) {
        List<byte[]> networks = new ArrayList<>();
        List<Integer> prefixes = new ArrayList<>();
        List<String> text = new ArrayList<>();
        for (String value : values) {
            for (String entry : value.trim().split("[,\\s]+")) {
                if (entry.isEmpty()) {
                    continue;
                }
                int slash = entry.indexOf('/');
                String address = slash < 0 ? entry : entry.substring(0, slash);
                byte[] bytes = address.indexOf('%') < 0 ? IpAddresses.parse(address) : null;
                if (bytes == null) {
                    throw new InvalidConfigurationException(property, entry, RULE);
                }
                int bits = bytes.length * 8;
                int prefix = bits;
                if (slash >= 0) {
                    String length = entry.substring(slash + 1);
                    prefix = length.matches("\\d{1,3}") ? Integer.parseInt(length) : -1;
                    if (prefix < 0 || prefix > bits) {
                        throw new InvalidConfigurationException(
                                property,
                                entry,
                                "the prefix length after '/' must be 0 to " + bits + " for an "
                                        + (bits == 32 ? "IPv4" : "IPv6") + " address; accepted: " + RULE);
                    }
                    if (!hostBitsClear(bytes, prefix)) {
                        throw new InvalidConfigurationException(
                                property,
                                entry,
                                "the address has bits set beyond the /" + prefix
                                        + " prefix (write the network address of the block); accepted: " + RULE);
                    }
                }
                networks.add(bytes);
                prefixes.add(prefix);
                text.add(entry);
            }
        }
        return networks.isEmpty() ? NONE : new TrustedProxies(networks, prefixes, text);
    }

    /** True when no proxy is trusted. */
    public boolean isEmpty() {
        return networks.length == 0;
    }

    /** True when the address literal is a trusted proxy. */
    public boolean isTrusted(String address) {
        byte[] bytes = address == null ? null : IpAddresses.parse(withoutPort(address));
        return bytes != null && contains(bytes);
    }

    /**
     * The client address of a request.
     *
     * @param peer the TCP peer address
     * @param forwardedFor the values of every {@code X-Forwarded-For} header, in order, or {@code null}
     */
    public String clientAddress(String peer, Enumeration<String> forwardedFor) {
        if (isEmpty() || forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        while (forwardedFor.hasMoreElements()) {
            String header = forwardedFor.nextElement();
            if (header != null) {
                for (String hop : header.split(",")) {
                    hop = hop.trim();
                    if (!hop.isEmpty()) {
                        hops.add(hop);
                    }
                }
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = withoutPort(hops.get(i));
            byte[] bytes = IpAddresses.parse(hop);
            if (bytes == null) {
                return client;
            }
            client = hop;
            if (!contains(bytes)) {
                return client;
            }
        }
        return client;
    }

    private boolean contains(byte[] address) {
        for (int i = 0; i < networks.length; i++) {
            if (networks[i].length == address.length && samePrefix(networks[i], address, prefixes[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePrefix(byte[] network, byte[] address, int prefix) {
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (network[whole] & mask) == (address[whole] & mask);
    }

    private static boolean hostBitsClear(byte[] address, int prefix) {
        for (int bit = prefix; bit < address.length * 8; bit++) {
            if ((address[bit / 8] & 0x80 >>> (bit % 8)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code [v6]:port} and {@code v4:port} without the port; anything else unchanged. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            return close > 0 ? hop.substring(1, close) : hop;
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
            return hop.substring(0, colon);
        }
        return hop;
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "none" : String.join(", ", text);
    }
}
