package io.filejobs.core.plan;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.PlanContext;
import io.filejobs.core.step.S3Failures;
import io.filejobs.core.step.S3Objects;
import io.filejobs.core.step.set.Glob;
import io.filejobs.core.step.set.ObjectSelector;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The store as a planned run would find it, step by step: S3 as it stands, read with HeadObject and
 * ListObjectsV2 only, changed by what the plans of earlier steps would write and remove. Only the
 * changes some step of the job reads (a named object, or an object under a selector's prefix) are
 * kept, so a step that writes a million objects nobody reads again costs no memory.
 */
final class PreviewStore implements PlanContext.Store {

    private final S3Client s3;
    private final S3Objects objects;
    private final int pageSize;
    private final Set<ObjectRef> readNames;
    private final List<ObjectSelector> readSets;
    private final Map<ObjectRef, Long> written = new HashMap<>();
    private final Set<ObjectRef> removed = new HashSet<>();
    private final Instant now;

    PreviewStore(S3Client s3, S3Objects objects, int pageSize, Set<ObjectRef> readNames, List<ObjectSelector> readSets, Instant now) {
        this.s3 = s3;
        this.objects = objects;
        this.pageSize = pageSize;
        this.readNames = readNames;
        this.readSets = readSets;
        this.now = now;
    }

    @Override
    public Optional<Long> size(ObjectRef ref) {
        if (removed.contains(ref)) {
            return Optional.empty();
        }
        if (written.containsKey(ref)) {
            return Optional.of(written.get(ref));
        }
        return objects.head(ref).map(S3Objects.StoredObject::size);
    }

    @Override
    public long members(ObjectSelector set, Consumer<PlanContext.Member> each) {
        Glob glob = set.glob();
        // What earlier steps would write under the prefix, in key order, merged into the listing.
        TreeMap<String, Long> added = new TreeMap<>();
        written.forEach((ref, size) -> {
            if (ref.bucket().equals(set.bucket()) && ref.key().startsWith(set.keyPrefix())
                    && glob.matches(ref.key().substring(set.keyPrefix().length()))) {
                added.put(ref.key(), size);
            }
        });
        Iterator<Map.Entry<String, Long>> extra = added.entrySet().iterator();
        Map.Entry<String, Long> next = extra.hasNext() ? extra.next() : null;
        long pages = 0;
        String after = null;
        while (true) {
            ListObjectsV2Response page = list(set, after);
            pages++;
            for (S3Object listed : page.contents()) {
                while (next != null && next.getKey().compareTo(listed.key()) < 0) {
                    emit(set, next.getKey(), next.getValue(), now, each);
                    next = extra.hasNext() ? extra.next() : null;
                }
                if (next != null && next.getKey().equals(listed.key())) {
                    next = extra.hasNext() ? extra.next() : null;
                }
                String relative = listed.key().substring(set.keyPrefix().length());
                ObjectRef ref = new ObjectRef(set.bucket(), listed.key());
                if (glob.matches(relative) && !removed.contains(ref)) {
                    emit(set, listed.key(), written.getOrDefault(ref, listed.size()), listed.lastModified(), each);
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.contents().isEmpty()) {
                break;
            }
            after = page.contents().get(page.contents().size() - 1).key();
        }
        while (next != null) {
            emit(set, next.getKey(), next.getValue(), now, each);
            next = extra.hasNext() ? extra.next() : null;
        }
        return pages;
    }

    private static void emit(ObjectSelector set, String key, long size, Instant lastModified, Consumer<PlanContext.Member> each) {
        each.accept(new PlanContext.Member(new ObjectRef(set.bucket(), key), key.substring(set.keyPrefix().length()), size, lastModified));
    }

    private ListObjectsV2Response list(ObjectSelector set, String startAfter) {
        try {
            return s3.listObjectsV2(b -> b.bucket(set.bucket()).prefix(set.keyPrefix()).maxKeys(pageSize).startAfter(startAfter));
        } catch (SdkException e) {
            throw S3Failures.classify(e, "listing " + set.prefix());
        }
    }

    @Override
    public void wrote(ObjectRef ref, long size) {
        if (read(ref)) {
            written.put(ref, size);
            removed.remove(ref);
        }
    }

    @Override
    public void removed(ObjectRef ref) {
        if (read(ref)) {
            removed.add(ref);
            written.remove(ref);
        }
    }

    /** Whether some step of the job reads the object, by name or under a selector's prefix. */
    private boolean read(ObjectRef ref) {
        return readNames.contains(ref) || readSets.stream().anyMatch(s -> s.bucket().equals(ref.bucket()) && ref.key().startsWith(s.keyPrefix()));
    }
}
