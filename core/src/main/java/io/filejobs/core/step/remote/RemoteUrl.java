package io.filejobs.core.step.remote;

import java.util.Locale;
import java.util.Optional;

/**
 * The address of a remote file or directory, {@code sftp://host[:port]/path} or {@code
 * ftps://host[:port]/path}: no user name or password (credentials are named in the step), an
 * absolute path taken as written (no percent-decoding). Ports default to 22 for SFTP, and to 21
 * (explicit TLS) or 990 (implicit TLS) for FTPS.
 */
public record RemoteUrl(Protocol protocol, String host, int port, String path) {

    public enum Protocol {
        SFTP,
        FTPS
    }

    /** Reads an address, or says what is wrong with it. */
    public static RemoteUrl parse(String url, boolean implicitTls) {
        int colon = url.indexOf("://");
        if (colon < 0) {
            throw new IllegalArgumentException("must be an sftp:// or ftps:// address such as sftp://files.example.com/out/*.dat");
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        Protocol protocol = switch (scheme) {
            case "sftp" -> Protocol.SFTP;
            case "ftps" -> Protocol.FTPS;
            default -> throw new IllegalArgumentException("must be an sftp:// or ftps:// address; got " + scheme + "://"
                    + (scheme.equals("ftp") ? " (plain FTP sends the password in the clear; use FTPS)" : ""));
        };
        String rest = url.substring(colon + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        if (authority.contains("@")) {
            throw new IllegalArgumentException("must not hold a user name or password; name a secret in credentials instead");
        }
        String host = authority;
        int port = protocol == Protocol.SFTP ? 22 : implicitTls ? 990 : 21;
        int portColon = authority.startsWith("[") ? authority.indexOf("]:") + 1 : authority.lastIndexOf(':');
        if (portColon > 0) {
            host = authority.substring(0, portColon);
            try {
                port = Integer.parseInt(authority.substring(portColon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("has a port that is not a number: " + authority.substring(portColon + 1));
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("has a port outside 1-65535: " + port);
            }
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\]")) {
            throw new IllegalArgumentException("must name a host (letters, digits, dots and hyphens, or an IP address); got '" + host + "'");
        }
        if (path.contains("//") || path.contains("/../") || path.endsWith("/..") || path.contains("/./") || path.endsWith("/.")) {
            throw new IllegalArgumentException("has a path with an empty, '.' or '..' segment: " + path);
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("has a control character in its path");
        }
        return new RemoteUrl(protocol, host.toLowerCase(Locale.ROOT), port, path);
    }

    /** The directory part of the path, ending with '/'. */
    public String directory() {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    /** The last segment of the path: a file's name or a glob; empty for a directory. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Whether the path ends with '/': a directory. */
    public boolean isDirectory() {
        return path.endsWith("/");
    }

    /** What is wrong with a glob outside the last segment, if anything: only file names are selected, directories are written out. */
    public Optional<String> globProblem() {
        String dir = directory();
        if (dir.contains("*") || dir.contains("?")) {
            return Optional.of("has a wildcard in a directory (" + dir + "); only the file name may hold * or ?");
        }
        return Optional.empty();
    }

    /** The address of a file in this address's directory. */
    public RemoteUrl file(String name) {
        return new RemoteUrl(protocol, host, port, directory() + name);
    }

    /** The server's part of the address: {@code sftp://host:port}. */
    public String origin() {
        return protocol.name().toLowerCase(Locale.ROOT) + "://" + host + ":" + port;
    }

    /** The address as written, without credentials, as runs and the ledger show it. */
    @Override
    public String toString() {
        return origin() + path;
    }
}
