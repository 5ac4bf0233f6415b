package io.filejobs.core.step.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/** Names under .test resolve as a DNS server an attacker controls might answer; every other name as the system resolves it. */
@Singleton
@Replaces(HostAddresses.class)
@Requires(property = "test.fake-dns", value = "true")
class FakeHostAddresses extends HostAddresses {

    static final Map<String, String> NAMES = Map.of(
            "api.test", "127.0.0.2",
            "loopback.test", "127.0.0.1",
            "internal.test", "10.1.2.3",
            "metadata.test", "169.254.169.254");

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String address = NAMES.get(host);
        return address == null ? super.resolve(host) : new InetAddress[] {InetAddress.getByName(address)};
    }
}
