import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Variant "jackson": ObjectMapper writes {"data":1234} and parses the ~2 KB OCI process document (tree model). */
public final class JacksonMain {
    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        byte[] out = mapper.writeValueAsBytes(Map.of("data", 1234));
        if (out.length != 13) throw new IllegalStateException("write");
        JsonNode p = mapper.readTree(OciDoc.JSON);
        if (p.path("terminal").asBoolean(true) || p.path("user").path("uid").asInt() != 1000
                || p.path("args").size() != 4 || !"/usr/share/nginx/html".equals(p.path("cwd").asText())
                || p.path("env").size() != 9) throw new IllegalStateException("parse");
        if (Boolean.getBoolean("libcost.sleep")) Thread.sleep(600_000);
    }
}
