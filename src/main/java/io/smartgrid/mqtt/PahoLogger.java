package io.smartgrid.mqtt;

import org.eclipse.paho.mqttv5.client.logging.Logger;
import org.slf4j.LoggerFactory;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * Paho's logging, to SLF4J, warnings and worse only. Paho makes a logger for every token, so one per acknowledgement:
 * its default (java.util.logging) looked up a JUL logger and its level each time, 5 % of the MQTT callback thread's
 * CPU; this one costs a field write until something is worth saying. Installed by {@link #install()}.
 */
public final class PahoLogger implements Logger {
    private ResourceBundle catalog;
    private String name;

    /** Makes Paho log through this class; before any client is made. */
    public static void install() {
        org.eclipse.paho.mqttv5.client.logging.LoggerFactory.setLogger(PahoLogger.class.getName());
    }

    @Override
    public void initialise(ResourceBundle messageCatalog, String loggerID, String resourceName) {
        this.catalog = messageCatalog;
        this.name = loggerID;
    }

    @Override
    public void setResourceName(String logContext) {
    }

    @Override
    public boolean isLoggable(int level) {
        return level <= WARNING;
    }

    private void warn(int level, String sourceClass, String key, Object[] inserts, Throwable thrown) {
        if (level > WARNING) {
            return;
        }
        org.slf4j.Logger log = LoggerFactory.getLogger(name == null ? sourceClass : name);
        String text = formatMessage(key, inserts);
        if (level == SEVERE) {
            log.error("{}", text, thrown);
        } else {
            log.warn("{}", text, thrown);
        }
    }

    @Override
    public String formatMessage(String msg, Object[] inserts) {
        String text = msg;
        if (catalog != null && msg != null && catalog.containsKey(msg)) {
            text = catalog.getString(msg);
        }
        return inserts == null || inserts.length == 0 || text == null ? text : MessageFormat.format(text, inserts);
    }

    @Override
    public void log(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        warn(level, sourceClass, msg, inserts, thrown);
    }

    @Override
    public void trace(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg) {
        warn(SEVERE, sourceClass, msg, null, null);
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        warn(SEVERE, sourceClass, msg, inserts, null);
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        warn(SEVERE, sourceClass, msg, inserts, thrown);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg) {
        warn(WARNING, sourceClass, msg, null, null);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        warn(WARNING, sourceClass, msg, inserts, null);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        warn(WARNING, sourceClass, msg, inserts, thrown);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
    }

    @Override
    public void dumpTrace() {
    }
}
