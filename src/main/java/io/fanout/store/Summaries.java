package io.fanout.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fanout.job.Summary;

/** A job's summary as stored (the JSON of NAME.summary.json). */
public final class Summaries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Summaries() {
    }

    public static Summary read(String json) {
        try {
            return JSON.readValue(json, Summary.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable summary in the job store: " + e.getOriginalMessage(), e);
        }
    }
}
