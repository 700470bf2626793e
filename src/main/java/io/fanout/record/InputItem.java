package io.fanout.record;

/** One item read from a batch: a parsed {@link Record} or a {@link MalformedLine}. Both know their line number. */
public sealed interface InputItem permits Record, MalformedLine {

    /** The physical line number in the input where this item starts (1-based, the header is line 1 of a CSV). */
    long line();

    /** The input as it was read: the text of the line(s), or the JSON of the record. */
    String raw();
}
