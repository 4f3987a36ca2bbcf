package io.llmbench.examples.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code --config FILE}: a JSON object whose keys are the command's long flag names, expanded into
 * flags before the ones on the command line (which win for single-valued flags and add to repeated
 * ones). So a config file is documented by {@code --help} and checked by the same rules:
 *
 * <pre>
 * { "endpoints": [ { "url": "http://localhost:8000/v1", "model": "llama-8b", "api-key-env": "API_KEY" } ],
 *   "concurrency": 16, "requests": 200, "warmup": 10, "input-tokens": "1024,128", "output-tokens": 256,
 *   "slo": ["ttft=500", "tpot:p99=50"], "label": { "team": "serving" } }
 * </pre>
 *
 * Values: a string or number becomes {@code --key value}; {@code true} becomes {@code --key} and
 * {@code false} is left out; an array repeats the flag; an object gives {@code --key name=value}
 * per entry. {@code endpoints} is an array of objects, one endpoint group each.
 */
final class ConfigFile {
    static final String FLAG = "--config";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigFile() {
    }

    /** The arguments with {@code --config FILE} replaced by the file's flags, right after the subcommand. */
    static String[] expand(String[] args) {
        int configAt = -1;
        String file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(FLAG)) {
                if (i + 1 >= args.length) {
                    throw CliException.usage("option '" + FLAG + "' needs a file, but was the last argument");
                }
                configAt = i;
                file = args[i + 1];
                break;
            }
            if (args[i].startsWith(FLAG + "=")) {
                configAt = i;
                file = args[i].substring(FLAG.length() + 1);
                break;
            }
        }
        if (configAt < 0) {
            return args;
        }
        int command = -1;
        for (int i = 0; i < configAt; i++) {
            if (!args[i].startsWith("-")) {
                command = i;
                break;
            }
        }
        if (command < 0) {
            throw CliException.usage("option '" + FLAG + "' must follow a command such as run, sweep or matrix");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= command; i++) {
            out.add(args[i]);
        }
        out.addAll(flags(Path.of(file)));
        boolean separate = args[configAt].equals(FLAG);
        for (int i = command + 1; i < args.length; i++) {
            if (i == configAt) {
                if (separate) {
                    i++;
                }
                continue;
            }
            out.add(args[i]);
        }
        return out.toArray(new String[0]);
    }

    /** The flags a config file stands for. */
    static List<String> flags(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw CliException.badFlag(FLAG, "no such file: " + file);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw CliException.badFlag(FLAG, file + " is not valid JSON"
                    + (l == null ? "" : " at line " + l.getLineNr() + " column " + l.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw CliException.badFlag(FLAG, "cannot read " + file + ": " + Errors.message(e));
        }
        if (root == null || !root.isObject()) {
            throw CliException.badFlag(FLAG, file + " must hold a JSON object of flags, but held "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("endpoints")) {
                endpoints(file, e.getValue(), out);
            } else {
                flag(file, e.getKey(), e.getValue(), out);
            }
        }
        return out;
    }

    private static void endpoints(Path file, JsonNode list, List<String> out) {
        if (!list.isArray()) {
            throw CliException.badFlag(FLAG, file + ": endpoints must be an array of objects, but was " + list);
        }
        for (JsonNode ep : list) {
            if (!ep.isObject()) {
                throw CliException.badFlag(FLAG, file + ": each endpoint must be an object, but was " + ep);
            }
            if (ep.has("url")) {
                flag(file, "url", ep.get("url"), out);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = ep.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getKey().equals("url")) {
                    flag(file, f.getKey(), f.getValue(), out);
                }
            }
        }
    }

    private static void flag(Path file, String key, JsonNode value, List<String> out) {
        String name = key.startsWith("-") ? key : "--" + key;
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isBoolean()) {
            if (value.booleanValue()) {
                out.add(name);
            }
        } else if (value.isArray()) {
            for (JsonNode v : value) {
                if (v.isContainerNode()) {
                    throw CliException.badFlag(FLAG, file + ": " + key + " must hold plain values, but held " + v);
                }
                out.add(name);
                out.add(v.asText());
            }
        } else if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                out.add(name);
                out.add(f.getKey() + "=" + (f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString()));
            }
        } else {
            out.add(name);
            out.add(value.asText());
        }
    }
}
