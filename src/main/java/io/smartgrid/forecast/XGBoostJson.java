package io.smartgrid.forecast;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link TreeEnsemble} needs of an XGBoost JSON model, read with Jackson's streaming parser straight into
 * primitive arrays. A tree of JSON nodes for a 4 MB model took about 20 MB of heap while it was read, more than the
 * small-device edge's 32 MB heap has beside the live stream (its model load failed with OutOfMemoryError); this
 * holds about one sixth of the file. Nothing is checked here beyond the JSON itself: a missing or mistyped member
 * reads as absent, as {@code JsonNode.path} did, and {@link TreeEnsemble} says what is wrong.
 */
final class XGBoostJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** One tree's node arrays (null where the member is absent or not an array). */
    record Tree(int[] left, int[] right, int[] splitIndices, double[] splitConditions, boolean[] defaultLeft,
                int[] splitTypes, int categoriesNodes, String sizeLeafVector) {
        static int size(int[] a) {
            return a == null ? 0 : a.length;
        }

        static int size(double[] a) {
            return a == null ? 0 : a.length;
        }

        static int size(boolean[] a) {
            return a == null ? 0 : a.length;
        }
    }

    /** The model's members: texts where absent are null, {@code trees} is null when absent or not an array. */
    record Model(boolean hasLearner, String booster, String objective, Map<String, String> params,
                 List<String> featureNames, List<String> featureTypes, List<Tree> trees) {
    }

    private XGBoostJson() {
    }

    static Model read(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            Model model = new Model(false, null, null, Map.of(), List.of(), List.of(), null);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return model;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("learner".equals(name) && t == JsonToken.START_OBJECT) {
                    model = learner(p);
                } else {
                    p.skipChildren();
                }
            }
            return model;
        }
    }

    private static Model learner(JsonParser p) throws IOException {
        String booster = null;
        String objective = null;
        Map<String, String> params = Map.of();
        List<String> names = List.of();
        List<String> types = List.of();
        List<Tree> trees = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "feature_names" -> names = texts(p, t);
                case "feature_types" -> types = texts(p, t);
                case "learner_model_param" -> params = scalars(p, t);
                case "objective" -> objective = scalars(p, t).get("name");
                case "gradient_booster" -> {
                    if (t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String member = p.currentName();
                            JsonToken v = p.nextToken();
                            if ("name".equals(member) && v.isScalarValue()) {
                                booster = p.getText();
                            } else if ("model".equals(member) && v == JsonToken.START_OBJECT) {
                                trees = boosterModel(p);
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Model(true, booster, objective, params, names, types, trees);
    }

    private static List<Tree> boosterModel(JsonParser p) throws IOException {
        List<Tree> trees = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if ("trees".equals(name) && t == JsonToken.START_ARRAY) {
                trees = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    trees.add(e == JsonToken.START_OBJECT ? tree(p) : skipped(p));
                }
            } else {
                p.skipChildren();
            }
        }
        return trees;
    }

    private static Tree skipped(JsonParser p) throws IOException {
        p.skipChildren();
        return new Tree(null, null, null, null, null, null, 0, null);
    }

    private static Tree tree(JsonParser p) throws IOException {
        int[] left = null;
        int[] right = null;
        int[] indices = null;
        double[] conditions = null;
        boolean[] defaultLeft = null;
        int[] splitTypes = null;
        int categoriesNodes = 0;
        String sizeLeafVector = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "left_children" -> left = ints(p, t);
                case "right_children" -> right = ints(p, t);
                case "split_indices" -> indices = ints(p, t);
                case "split_conditions" -> conditions = doubles(p, t);
                case "default_left" -> defaultLeft = booleans(ints(p, t));
                case "split_type" -> splitTypes = ints(p, t);
                case "categories_nodes" -> {
                    int[] nodes = ints(p, t);
                    categoriesNodes = nodes == null ? 0 : nodes.length;
                }
                case "tree_param" -> sizeLeafVector = scalars(p, t).get("size_leaf_vector");
                default -> p.skipChildren();
            }
        }
        return new Tree(left, right, indices, conditions, defaultLeft, splitTypes, categoriesNodes, sizeLeafVector);
    }

    /** An array's elements as ints, as {@code JsonNode.asInt} read them (text parsed, anything else 0). */
    private static int[] ints(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        int[] a = new int[64];
        int n = 0;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = e.isScalarValue() ? p.getValueAsInt() : skippedZero(p);
        }
        return Arrays.copyOf(a, n);
    }

    private static double[] doubles(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        double[] a = new double[64];
        int n = 0;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = e.isScalarValue() ? p.getValueAsDouble() : skippedZero(p);
        }
        return Arrays.copyOf(a, n);
    }

    /**
     * true and false, or numbers (non-zero is true), as XGBoost has written {@code default_left} in its versions:
     * Jackson reads true as 1 and false as 0.
     */
    private static boolean[] booleans(int[] values) {
        if (values == null) {
            return null;
        }
        boolean[] a = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            a[i] = values[i] != 0;
        }
        return a;
    }

    private static int skippedZero(JsonParser p) throws IOException {
        p.skipChildren();
        return 0;
    }

    /** An array's scalar elements as text (a nested array or object as the empty text). */
    private static List<String> texts(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            texts.add(e.isScalarValue() ? p.getText() : skippedText(p));
        }
        return texts;
    }

    private static String skippedText(JsonParser p) throws IOException {
        p.skipChildren();
        return "";
    }

    /** An object's scalar members as text; its nested ones are left out. */
    private static Map<String, String> scalars(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return Map.of();
        }
        Map<String, String> members = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v.isScalarValue() && v != JsonToken.VALUE_NULL) {
                members.put(name, p.getText());
            } else {
                p.skipChildren();
            }
        }
        return members;
    }
}
