package io.filejobs.core.template;

/** A template that cannot be read, or a placeholder it cannot fill, in words a user can act on. */
public class TemplateException extends IllegalArgumentException {

    public TemplateException(String message) {
        super(message);
    }
}
