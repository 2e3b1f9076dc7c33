package io.smartgrid.forecast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MismatchRuleTest {
    // exact binary fractions so "equal to the threshold" is exact
    private final MismatchRule rule = new MismatchRule(50, 0.125);

    @Test
    void absoluteToleranceGovernsSmallActuals() {
        // 0.125 * 100 = 12.5 < 50: threshold 50
        assertFalse(rule.isMismatch(150, 100));
        assertFalse(rule.isMismatch(50, 100));
        assertTrue(rule.isMismatch(150.25, 100));
        assertTrue(rule.isMismatch(49.75, 100));
        assertFalse(rule.isMismatch(100, 100));
        assertFalse(rule.isMismatch(50, 0));
        assertTrue(rule.isMismatch(-50.5, 0));
    }

    @Test
    void relativeToleranceGovernsLargeActuals() {
        // 0.125 * 1000 = 125 > 50: threshold 125
        assertFalse(rule.isMismatch(1125, 1000));
        assertFalse(rule.isMismatch(875, 1000));
        assertFalse(rule.isMismatch(1100, 1000));
        assertTrue(rule.isMismatch(1125.5, 1000));
        assertTrue(rule.isMismatch(874.5, 1000));
        // at 400 both give 50
        assertFalse(rule.isMismatch(450, 400));
        assertTrue(rule.isMismatch(450.5, 400));
    }

    @Test
    void negativeActualsUseTheirMagnitude() {
        // |-1000| * 0.125 = 125
        assertFalse(rule.isMismatch(-875, -1000));
        assertFalse(rule.isMismatch(-1125, -1000));
        assertTrue(rule.isMismatch(-874, -1000));
        assertTrue(rule.isMismatch(-1126, -1000));
        // small negative actual: absolute tolerance
        assertFalse(rule.isMismatch(40, -10));
        assertTrue(rule.isMismatch(41, -10));
    }

    @Test
    void zeroTolerancesFlagAnyDifference() {
        MismatchRule strict = new MismatchRule(0, 0);
        assertFalse(strict.isMismatch(7, 7));
        assertTrue(strict.isMismatch(7.000001, 7));
    }

    @Test
    void negativeOrNanTolerancesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MismatchRule(-1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new MismatchRule(10, -0.01));
        assertThrows(IllegalArgumentException.class, () -> new MismatchRule(Double.NaN, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new MismatchRule(10, Double.NaN));
        assertEquals(10, new MismatchRule(10, 0).absTolerance());
    }
}
