package io.smartgrid.forecast;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XGBoostJsonTest {
    private static XGBoostJson.Model read(String json) throws IOException {
        return XGBoostJson.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheMembersTheWalkerNeedsAndSkipsTheRest() throws IOException {
        XGBoostJson.Model m = read("""
                {"version": [2, 0, 3], "learner": {"attributes": {"a": {"b": [1, 2]}}, "feature_names": ["p_l1", "p_l2"],
                 "feature_types": ["float", "q"], "learner_model_param": {"base_score": "5E-1", "num_feature": "2",
                 "nested": {"x": 1}}, "objective": {"name": "reg:squarederror", "reg_loss_param": {"scale": "1"}},
                 "gradient_booster": {"name": "gbtree", "model": {"gbtree_model_param": {"num_trees": "1"},
                 "iteration_indptr": [0, 1], "tree_info": [0], "trees": [{"base_weights": [1.5, 2.5, 3.5],
                 "categories_nodes": [], "default_left": [1, 0, false], "left_children": [1, -1, -1],
                 "right_children": [2, -1, -1], "split_conditions": [0.25, -1.5, 2.75], "split_indices": [1, 0, 0],
                 "split_type": [0, 0, 0], "tree_param": {"size_leaf_vector": "1", "num_nodes": "3"}}]}}}}
                """);
        assertTrue(m.hasLearner());
        assertEquals("gbtree", m.booster());
        assertEquals("reg:squarederror", m.objective());
        assertEquals("5E-1", m.params().get("base_score"));
        assertFalse(m.params().containsKey("nested"));
        assertEquals(List.of("p_l1", "p_l2"), m.featureNames());
        assertEquals(List.of("float", "q"), m.featureTypes());
        XGBoostJson.Tree t = m.trees().get(0);
        assertArrayEquals(new int[] {1, -1, -1}, t.left());
        assertArrayEquals(new int[] {2, -1, -1}, t.right());
        assertArrayEquals(new int[] {1, 0, 0}, t.splitIndices());
        assertArrayEquals(new double[] {0.25, -1.5, 2.75}, t.splitConditions());
        assertArrayEquals(new boolean[] {true, false, false}, t.defaultLeft());
        assertArrayEquals(new int[] {0, 0, 0}, t.splitTypes());
        assertEquals(0, t.categoriesNodes());
        assertEquals("1", t.sizeLeafVector());
    }

    @Test
    void membersOfAnotherTypeReadAsAbsent() throws IOException {
        XGBoostJson.Model m = read("""
                {"learner": {"feature_names": "p_l1", "gradient_booster": {"name": "gbtree", "model": {"trees": {}}}}}
                """);
        assertEquals(List.of(), m.featureNames());
        assertNull(m.trees());
        XGBoostJson.Tree t = read("""
                {"learner": {"gradient_booster": {"model": {"trees": [{"left_children": {"0": 1}, "split_indices": [[3], 2]}]}}}}
                """).trees().get(0);
        assertNull(t.left());
        assertArrayEquals(new int[] {0, 2}, t.splitIndices());
        assertFalse(read("[1, 2]").hasLearner());
        assertFalse(read("{\"learner\": 3}").hasLearner());
    }

    @Test
    void brokenJsonIsAnError() {
        assertThrows(IOException.class, () -> read("{\"learner\": {\"gradient_booster\": {\"model\": {\"trees\": [{\"left_children\": [1, "));
    }
}
