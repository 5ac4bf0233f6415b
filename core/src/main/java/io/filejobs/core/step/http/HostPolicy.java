package io.filejobs.core.step.http;

import io.filejobs.core.step.HostNames;
import jakarta.inject.Singleton;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which hosts an HTTP step may call, for validation and for each request alike: a host must be on
 * {@code filejobs.http.allowed-hosts}; and every address it resolves to must be public, unless that
 * address itself is listed: loopback, private, link-local (the cloud metadata address among them),
 * unique-local, carrier-grade NAT and unspecified addresses are refused. The check runs where the
 * client connects ({@link #addresses}), so the address checked is the address used.
 */
@Singleton
public class HostPolicy {

    private final HttpConfiguration config;
    private final HostAddresses resolver;

    public HostPolicy(HttpConfiguration config, HostAddresses resolver) {
        this.config = config;
        this.resolver = resolver;
    }

    /** Why a step may not call {@code host}, or empty when it may (its addresses are checked when it connects). */
    public Optional<String> problem(String host) {
        String name = normalize(host);
        if (config.getAllowedHosts().contains(name)) {
            return Optional.empty();
        }
        return Optional.of("host '" + name + "' is not on the hosts HTTP steps may call (filejobs.http.allowed-hosts: "
                + (config.getAllowedHosts().isEmpty() ? "none" : String.join(", ", config.getAllowedHosts())) + ")");
    }

    /** The addresses of an allowed host that may be connected to; refuses a host or an address that is not allowed. */
    public InetAddress[] addresses(String host) throws UnknownHostException {
        Optional<String> refused = problem(host);
        if (refused.isPresent()) {
            throw new RefusedHostException(refused.get());
        }
        InetAddress[] resolved = resolver.resolve(normalize(host));
        List<InetAddress> allowed = new ArrayList<>();
        for (InetAddress address : resolved) {
            if (!internal(address) || config.getAllowedHosts().contains(normalize(address.getHostAddress()))) {
                allowed.add(address);
            } else {
                throw new RefusedHostException("host '" + normalize(host) + "' resolves to " + address.getHostAddress() + ", an address inside"
                        + " the network (loopback, private, link-local or metadata); list that address in filejobs.http.allowed-hosts to call it");
            }
        }
        return allowed.toArray(InetAddress[]::new);
    }

    /** An address that is not on the public internet. */
    static boolean internal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            // Unique-local fc00::/7 (the EC2 metadata service's IPv6 address, fd00:ec2::254, among them).
            return (b[0] & 0xfe) == 0xfc;
        }
        // Carrier-grade NAT 100.64.0.0/10, and 0.0.0.0/8.
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64 || b[0] == 0;
    }

    private static String normalize(String host) {
        return HostNames.normalize(host);
    }

    /** A host or an address the policy refuses, raised where the client resolves the host. */
    public static final class RefusedHostException extends UnknownHostException {
        public RefusedHostException(String message) {
            super(message);
        }
    }
}
