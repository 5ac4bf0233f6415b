package io.filejobs.core.step.remote;

import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.ObjectAccess;
import io.filejobs.core.step.PlanContext;
import io.filejobs.core.step.S3Failures;
import io.filejobs.core.step.S3Objects;
import io.filejobs.core.step.StepAction;
import io.filejobs.core.step.StepContext;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepOutcome;
import io.filejobs.core.step.set.ObjectSelector;
import io.filejobs.core.step.set.ObjectSetRunner;
import io.filejobs.core.template.Template;
import io.filejobs.core.template.TemplateValues;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * EXPORT: sends objects to an FTPS or SFTP server. Each object is streamed (bounded memory) to a
 * hidden file beside its final name ({@code .name.filejobs-part}), its size checked on the server,
 * and only then renamed to its name, so a receiver never sees a partial file under the name it
 * waits for. A set's objects go over a few connections at once ({@code filejobs.remote.connections})
 * and are recorded in the per-object ledger with the address each became.
 */
@Singleton
public class ExportAction implements StepAction<ExportSpec> {

    private static final Logger LOG = LoggerFactory.getLogger(ExportAction.class);

    public static final String NAME = "EXPORT";
    static final String EXAMPLE = "{\"url\": \"sftp://files.example.com/in/\", \"credentials\": \"partner-a\", \"hostKey\": \"SHA256:...\"}";
    static final String PART_SUFFIX = ".filejobs-part";
    private static final int BUFFER = 256 * 1024;

    private final RemoteConnector connector;
    private final RemoteConfiguration config;
    private final S3Client s3;
    private final S3Objects objects;
    private final ObjectSetRunner sets;

    public ExportAction(RemoteConnector connector, RemoteConfiguration config, S3Client s3, S3Objects objects, ObjectSetRunner sets) {
        this.connector = connector;
        this.config = config;
        this.s3 = s3;
        this.objects = objects;
        this.sets = sets;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<ExportSpec> specType() {
        return ExportSpec.class;
    }

    @Override
    public List<String> fields() {
        return List.of("source", "destination");
    }

    @Override
    public ExportSpec read(StepFields fields) {
        ObjectSelector set = fields.isObject("source") ? ObjectSelector.read(fields, "source") : null;
        String source = set == null && !fields.isObject("source") ? fields.string("source") : null;
        return new ExportSpec(source, set, RemoteServer.read(fields, "destination", EXAMPLE));
    }

    @Override
    public void validate(ExportSpec spec, StepRules rules) {
        if (spec.sourceSet() != null) {
            spec.sourceSet().validate("source", rules);
            if (spec.sourceSet().order() != ObjectSelector.Order.KEY) {
                rules.error("source.order", "must be KEY: an EXPORT sends each object on its own");
            }
        } else {
            rules.source("source", spec.source());
        }
        if (spec.destination() == null) {
            rules.error("destination", "is required for EXPORT: an object such as " + EXAMPLE);
            return;
        }
        RemoteUrl url = spec.destination().validate("destination", rules, config, EXAMPLE);
        if (url == null) {
            return;
        }
        if (url.path().contains("*") || url.path().contains("?")) {
            rules.error("destination.url", "names where files go; it holds no wildcard");
        }
        if (spec.sourceSet() != null && !url.isDirectory()) {
            rules.error("destination.url", "must end with '/' for a set of objects: a directory, where each object keeps its basename");
        }
        if (spec.sourceSet() != null && url.isDirectory() && !spec.sourceSet().basenamesAreUnique()) {
            rules.error("source.match", "may select two objects with one basename in different folders, which would go to one remote file;"
                    + " give a match that stays in one folder, such as *.csv");
        }
    }

    @Override
    public ExportSpec resolve(ExportSpec spec, TemplateValues values) {
        RemoteServer destination = spec.destination().withUrl(Template.parse(spec.destination().url()).render(values));
        return spec.sourceSet() != null ? new ExportSpec(null, spec.sourceSet().resolve(values), destination)
                : new ExportSpec(values.sourceName(spec.source()), null, destination);
    }

    @Override
    public List<ObjectAccess> accesses(ExportSpec spec) {
        return spec.sourceSet() != null ? List.of(ObjectAccess.list("source", spec.sourceSet()))
                : List.of(ObjectAccess.read("source", ObjectRef.parse(spec.source())));
    }

    @Override
    public void plan(ExportSpec spec, PlanContext plan) {
        RemoteUrl url = spec.destination().address();
        if (!config.allows(url.host())) {
            plan.fail(StepErrorCode.HOST_NOT_ALLOWED, RemoteServer.hostProblem(url.host(), config));
            return;
        }
        if (spec.sourceSet() != null) {
            plan.members(spec.sourceSet(), member -> {
                plan.object(member.size());
                plan.pair(member.ref(), null);
                plan.request("GetObject", 1);
            });
            if (plan.count() == 0) {
                plan.empty(spec.sourceSet());
            }
        } else {
            ObjectRef source = ObjectRef.parse(spec.source());
            plan.request("HeadObject", 1);
            Optional<Long> size = plan.size(source);
            if (size.isEmpty()) {
                plan.fail(StepErrorCode.SOURCE_NOT_FOUND, "object " + source + " does not exist now");
                return;
            }
            plan.object(size.get());
            plan.pair(source, null);
            plan.request("GetObject", 1);
        }
        plan.warn("EXPORT sends to " + url + ", which the plan does not reach");
    }

    @Override
    public StepOutcome execute(ExportSpec spec, StepContext context) {
        RemoteUrl url = spec.destination().address();
        try (RemotePool pool = new RemotePool(connector, spec.destination(), spec.sourceSet() == null ? 1 : config.getConnections())) {
            if (spec.sourceSet() != null) {
                return sets.run(spec.sourceSet(), context, member -> {
                    String sent = send(pool, member.ref(), member.etag(), member.size(), url);
                    return new ObjectSetRunner.Handled(member.size(), List.of(sent));
                });
            }
            S3Objects.StoredObject source = objects.require(ObjectRef.parse(spec.source()));
            send(pool, source.ref(), source.etag(), source.size(), url);
            return StepOutcome.done(source.size());
        }
    }

    /** Sends one object and returns the address it became. */
    private String send(RemotePool pool, ObjectRef source, String etag, long size, RemoteUrl url) {
        String path = url.isDirectory() ? url.directory() + source.key().substring(source.key().lastIndexOf('/') + 1) : url.path();
        String name = path.substring(path.lastIndexOf('/') + 1);
        String temporary = path.substring(0, path.lastIndexOf('/') + 1) + "." + name + PART_SUFFIX;
        return pool.with(remote -> {
            try {
                long written = copy(source, etag, remote, temporary);
                long there = remote.stat(temporary).map(RemoteFiles.RemoteFile::size).orElse(-1L);
                if (written != size || there != size) {
                    throw new StepFailure(StepErrorCode.TRANSIENT, "the server holds " + there + " bytes of " + source + " after " + written
                            + " of " + size + " were sent; it is sent again");
                }
                remote.rename(temporary, path);
            } catch (RuntimeException e) {
                deleteQuietly(remote, temporary);
                throw e;
            }
            LOG.info("exported {} ({} bytes) to {}", source, size, url.file(name));
            return url.file(name).toString();
        });
    }

    private long copy(ObjectRef source, String etag, RemoteFiles remote, String path) {
        try (InputStream in = s3.getObject(b -> b.bucket(source.bucket()).key(source.key()).ifMatch(etag));
                OutputStream out = remote.write(path)) {
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                total += n;
            }
            return total;
        } catch (SdkException e) {
            throw S3Failures.classify(e, "reading " + source);
        } catch (IOException e) {
            throw new StepFailure(StepErrorCode.TRANSIENT, "reading " + source + " broke off: " + e.getClass().getSimpleName());
        }
    }

    private static void deleteQuietly(RemoteFiles remote, String path) {
        try {
            if (remote.stat(path).isPresent()) {
                remote.delete(path);
            }
        } catch (RuntimeException e) {
            // The connection broke: the hidden partial file stays until the next attempt replaces it.
        }
    }
}
