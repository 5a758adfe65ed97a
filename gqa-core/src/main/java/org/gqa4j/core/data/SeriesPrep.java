package org.gqa4j.core.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.gqa4j.core.InputException;

/**
 * One series of a multi-series model: the name it was given on the command line (a built-in
 * dataset or a file) and its own data preparation, fitted on its own training split.
 */
public record SeriesPrep(@JsonProperty("name") String name, @JsonProperty("data_prep") DataPrep prep) {

    @JsonCreator
    public SeriesPrep {
        if (name == null || name.isBlank()) throw new InputException("a series of a multi-series model needs a name");
        if (prep == null) throw new InputException("series " + name + " has no data_prep");
    }
}
