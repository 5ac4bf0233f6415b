package io.filejobs.core.trigger;

import io.filejobs.core.template.Template;
import io.filejobs.core.template.TemplateException;
import io.filejobs.core.template.TemplateValues;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Whether a step's destination may fall under one of its job's object-created triggers, which would
 * make the job start itself over and over. The answer errs towards "may": a destination template is
 * taken to be able to fill its placeholders with anything, so it is cleared only when its written-out
 * beginning leaves the trigger's prefix, or its written-out ending cannot end a name the trigger's
 * match takes.
 */
public final class SelfTrigger {

    private static final TemplateValues ANY_RUN = new TemplateValues(Instant.EPOCH, ZoneOffset.UTC, "run", "job");

    private SelfTrigger() {
    }

    /** Whether {@code target} ({@code bucket/key}, a template) may name an object {@code trigger} takes. */
    public static boolean mayMatch(JobTrigger trigger, String target) {
        int slash = target.indexOf('/');
        if (slash < 0 || !target.substring(0, slash).equals(trigger.bucket())) {
            return false;
        }
        String keyTemplate = target.substring(slash + 1);
        Template template;
        try {
            template = Template.parseForObjects(keyTemplate);
        } catch (TemplateException unreadable) {
            // Reported with the step's own fields.
            return false;
        }
        if (template.isLiteral()) {
            return trigger.matches(trigger.bucket(), template.render(ANY_RUN));
        }
        String head = Template.literalHead(keyTemplate);
        String prefix = trigger.keyPrefix();
        if (!head.startsWith(prefix) && !prefix.startsWith(head)) {
            return false;
        }
        String tail = keyTemplate.substring(keyTemplate.lastIndexOf('}') + 1);
        String match = trigger.match() == null ? "**" : trigger.match();
        int lastWildcard = Math.max(match.lastIndexOf('*'), match.lastIndexOf('?'));
        if (lastWildcard < 0) {
            // The trigger takes one name only.
            String only = prefix + match;
            return only.startsWith(head) && only.endsWith(tail);
        }
        String matchTail = match.substring(lastWildcard + 1);
        return tail.endsWith(matchTail) || matchTail.endsWith(tail);
    }
}
