import java.io.ByteArrayOutputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** Variant "jacksoncore": jackson-core alone (streaming): same write, same document parsed token by token. */
public final class JacksonCore {
    public static void main(String[] args) throws Exception {
        JsonFactory f = new JsonFactory();
        ByteArrayOutputStream bos = new ByteArrayOutputStream(32);
        try (JsonGenerator g = f.createGenerator(bos)) {
            g.writeStartObject();
            g.writeNumberField("data", 1234);
            g.writeEndObject();
        }
        if (bos.size() != 13) throw new IllegalStateException("write");
        int uid = -1, tokens = 0, depth = 0;
        String cwd = null;
        try (JsonParser p = f.createParser(OciDoc.JSON)) {
            for (JsonToken t; (t = p.nextToken()) != null; tokens++) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) depth++;
                else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) depth--;
                else if (t == JsonToken.VALUE_NUMBER_INT && depth == 2 && "uid".equals(p.currentName())) uid = p.getIntValue();
                else if (t == JsonToken.VALUE_STRING) {
                    String s = p.getText();
                    if (depth == 1 && "cwd".equals(p.currentName())) cwd = s;
                }
            }
        }
        if (uid != 1000 || !"/usr/share/nginx/html".equals(cwd) || tokens < 100) throw new IllegalStateException("parse");
        if (Boolean.getBoolean("libcost.sleep")) Thread.sleep(600_000);
    }
}
