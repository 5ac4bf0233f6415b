package io.filejobs.core.step.remote;

import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.secret.SecretNames;
import io.filejobs.core.template.Template;
import io.filejobs.core.template.TemplateException;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The remote side of an IMPORT ({@code source}) or an EXPORT ({@code destination}): the {@code url}
 * (its path a template of the run's values, its host written out), the secret that holds the
 * {@code credentials}, the SFTP server's pinned {@code hostKey}, or for FTPS an optional pinned
 * {@code certificate} and the {@code tls} mode (EXPLICIT by default, or IMPLICIT).
 */
public record RemoteServer(@Nullable String url, @Nullable String credentials, @Nullable String hostKey, @Nullable String certificate,
        @Nullable Tls tls) {

    /** A run's values, for checking what the url's placeholders fill in. */
    private static final TemplateValues SAMPLE = new TemplateValues(Instant.parse("2026-12-31T23:59:59Z"), ZoneOffset.UTC,
            "20261231T235959000Z-s", "job");

    public static final List<String> FIELDS = List.of("url", "credentials", "hostKey", "certificate", "tls");

    public enum Tls {
        EXPLICIT,
        IMPLICIT
    }

    /** Reads the object in {@code field}; null (reported) when it is not one. */
    static @Nullable RemoteServer read(StepFields step, String field, String example) {
        if (!step.isObject(field)) {
            if (step.node(field) != null && !step.node(field).isNull()) {
                step.error(field, "must be an object such as " + example);
            }
            return null;
        }
        StepFields fields = step.object(field, FIELDS);
        return new RemoteServer(fields.string("url"), fields.string("credentials"), fields.string("hostKey"), fields.string("certificate"),
                fields.node("tls") == null ? null : fields.enumValue("tls", Tls.class, Tls.EXPLICIT));
    }

    public boolean implicitTls() {
        return tls == Tls.IMPLICIT;
    }

    /** The address as the run filled it. */
    public RemoteUrl address() {
        return RemoteUrl.parse(url, implicitTls());
    }

    /** Checks the fields; {@code field} is where the object sits in the step. Returns the address read from a sample filling, or null. */
    @Nullable RemoteUrl validate(String field, StepRules rules, RemoteConfiguration config, String example) {
        if (url == null) {
            rules.error(field, "is required: an object such as " + example);
            return null;
        }
        RemoteUrl address;
        try {
            Template template = Template.parse(url);
            String head = Template.literalHead(url);
            int hostEnd = head.indexOf('/', head.indexOf("://") + 3);
            if (head.indexOf("://") < 0 || hostEnd < 0) {
                rules.error(field + ".url", "names its host with a placeholder; a template fills in the path only, the host is written out");
                return null;
            }
            if (template.usesTrigger()) {
                rules.error(field + ".url", "may be filled with the run's date, time and names, not with the object that started the run");
                return null;
            }
            address = RemoteUrl.parse(template.render(SAMPLE), implicitTls());
        } catch (TemplateException e) {
            rules.error(field + ".url", e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            rules.error(field + ".url", e.getMessage());
            return null;
        }
        if (!config.allows(address.host())) {
            rules.error(field + ".url", hostProblem(address.host(), config));
        }
        if (credentials == null) {
            rules.error(field + ".credentials", "is required: the name of the secret with the server's username and password or privateKey");
        } else if (!SecretNames.isWellFormed(credentials)) {
            rules.error(field + ".credentials", "must be a secret's name: 1 to 128 letters, digits and /_+=.@-");
        }
        if (address.protocol() == RemoteUrl.Protocol.SFTP) {
            if (hostKey == null) {
                rules.error(field + ".hostKey", "is required for SFTP: the server's SHA-256 host key fingerprint"
                        + " (ssh-keyscan HOST | ssh-keygen -lf -), so that no other server is given the credentials");
            } else {
                HostKeys.hostKeyProblem(hostKey).ifPresent(problem -> rules.error(field + ".hostKey", problem));
            }
            if (certificate != null) {
                rules.error(field + ".certificate", "is for FTPS; an SFTP server is pinned by its hostKey");
            }
            if (tls != null) {
                rules.error(field + ".tls", "is for FTPS; SFTP always runs over SSH");
            }
        } else {
            if (hostKey != null) {
                rules.error(field + ".hostKey", "is for SFTP; pin an FTPS server by its certificate");
            }
            if (certificate != null && HostKeys.certificateFingerprint(certificate).isEmpty()) {
                rules.error(field + ".certificate", "must be the SHA-256 fingerprint of the server's certificate: 64 hex digits, with or"
                        + " without colons (openssl x509 -noout -fingerprint -sha256)");
            }
        }
        return address;
    }

    static String hostProblem(String host, RemoteConfiguration config) {
        return "host '" + host + "' is not on the servers IMPORT and EXPORT steps may reach (filejobs.remote.allowed-hosts: "
                + (config.getAllowedHosts().isEmpty() ? "none" : String.join(", ", config.getAllowedHosts())) + ")";
    }

    RemoteServer withUrl(String filled) {
        return new RemoteServer(filled, credentials, hostKey, certificate, tls);
    }

    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", url);
        fields.put("credentials", credentials);
        fields.put("hostKey", hostKey);
        fields.put("certificate", certificate);
        fields.put("tls", tls == null ? null : tls.name());
        return fields;
    }
}
