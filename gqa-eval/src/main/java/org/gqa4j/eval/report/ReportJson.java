package org.gqa4j.eval.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.file.Path;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ConfigJson;

/**
 * report.json reading and writing: the project's mapper, except that a non-finite double
 * (an undefined metric) is written as JSON null, and null reads back as NaN. Plain Jackson
 * would write the string "NaN", which JSON consumers do not read as a number.
 */
public final class ReportJson {

    public static final ObjectMapper MAPPER = ConfigJson.MAPPER.copy().registerModule(nanAsNull());

    private ReportJson() {}

    public static String toJson(Report r) {
        try {
            return MAPPER.writeValueAsString(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the report", e);
        }
    }

    public static Report parse(String json) {
        try {
            return MAPPER.readValue(json, Report.class);
        } catch (IOException e) {
            throw new InputException("not a valid report.json: " + message(e), e);
        }
    }

    public static Report read(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), Report.class);
        } catch (IOException e) {
            throw InputException.in(file, "not a valid report.json: " + message(e));
        }
    }

    private static String message(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    private static SimpleModule nanAsNull() {
        StdSerializer<Double> ser = new StdSerializer<>(Double.class) {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (v == null || !Double.isFinite(v)) g.writeNull();
                else g.writeNumber(v);
            }
        };
        StdDeserializer<Double> de = new StdDeserializer<>(Double.class) {
            @Override
            public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonToken t = p.currentToken();
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) return p.getDoubleValue();
                if (t == JsonToken.VALUE_STRING) {
                    try {
                        return Double.parseDouble(p.getText().trim());
                    } catch (NumberFormatException e) {
                        return (Double) ctxt.handleWeirdStringValue(Double.class, p.getText(), "not a number");
                    }
                }
                return (Double) ctxt.handleUnexpectedToken(Double.class, p);
            }

            @Override
            public Double getNullValue(DeserializationContext ctxt) {
                return Double.NaN;
            }
        };
        SimpleModule m = new SimpleModule("gqa-report-nan-as-null");
        m.addSerializer(Double.class, ser);
        m.addSerializer(Double.TYPE, ser);
        m.addDeserializer(Double.class, de);
        m.addDeserializer(Double.TYPE, de);
        return m;
    }
}
