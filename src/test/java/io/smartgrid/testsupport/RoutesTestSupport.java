package io.smartgrid.testsupport;

import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * A test of some of the operators' YAML routes, alone: the routes and settings its properties file names (instead of
 * application.properties' whole edge), advised before the context starts.
 */
public abstract class RoutesTestSupport extends CamelMainTestSupport {
    private final String properties;

    /** @param properties the class-path file that names the routes under test and their settings */
    protected RoutesTestSupport(String properties) {
        this.properties = properties;
    }

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withUseAdviceWith(true);
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "classpath:" + properties;
    }
}
