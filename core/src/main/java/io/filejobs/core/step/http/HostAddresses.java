package io.filejobs.core.step.http;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name to its addresses: the system's resolver (tests put their own in its place). */
@Singleton
public class HostAddresses {

    public InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }
}
