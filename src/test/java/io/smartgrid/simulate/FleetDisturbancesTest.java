package io.smartgrid.simulate;

import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.quality.EventKind;
import io.smartgrid.quality.VoltageEvent;
import io.smartgrid.quality.VoltageEvents;
import io.smartgrid.quality.VoltageLimits;
import io.smartgrid.testsupport.InjectedEvents;
import io.smartgrid.window.SensorKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * simulate --events: the disturbances it puts into the readings are each one event by the rules, found where they were
 * put; without them the simulated voltage makes none.
 */
class FleetDisturbancesTest {
    private static final PayloadFormat FORMAT = PayloadFormat.loadDefault();
    private static final double START = 1_700_000_000;

    private static List<InjectedEvents.Found> detect(Fleet fleet) throws Exception {
        PayloadDecoder decoder = new PayloadDecoder(FORMAT);
        VoltageEvents<SensorKey> events = new VoltageEvents<>(VoltageLimits.standard());
        List<InjectedEvents.Found> found = new ArrayList<>();
        while (fleet.hasNext()) {
            Reading r = decoder.decode(fleet.next().payload());
            for (VoltageEvent e : events.add(SensorKey.of(r), r, Long.MAX_VALUE)) {
                found.add(new InjectedEvents.Found(e.sensorId(), e.kind().label(), e.phasesTag(), e.startMs(), e.durationMs(),
                        e.kind() == EventKind.RVC ? e.stepV() : e.extremeV()));
            }
        }
        return found;
    }

    @Test
    void everyDisturbancePutInIsFoundOnceWhereItWasPut() throws Exception {
        double seconds = 1800;
        Fleet fleet = new Fleet(FORMAT.layout(17), 3, 12, START, seconds, 7).disturb(120);
        List<InjectedEvents.Found> found = detect(fleet);
        List<Fleet.Injected> expected = InjectedEvents.complete(fleet.injected(), START + seconds);
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        expected.forEach(i -> kinds.add(i.kind()));
        assertEquals(EnumSet.allOf(EventKind.class), kinds, "every kind injected");
        assertTrue(expected.size() > 100, expected.size() + " injected");
        InjectedEvents.assertFound(expected, found, 1.0 / 12);
    }

    @Test
    void theSimulatedSupplyWithoutDisturbancesMakesNoEvent() throws Exception {
        assertEquals(List.of(), detect(new Fleet(FORMAT.layout(17), 3, 12, START, 3600, 7)));
    }
}
