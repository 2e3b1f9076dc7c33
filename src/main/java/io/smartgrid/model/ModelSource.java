package io.smartgrid.model;

import java.io.IOException;

/** Where the active model comes from: a folder or a blob container holding {@code latest.json} and model files. */
public interface ModelSource {
    LatestModel latest() throws IOException;

    byte[] read(String file) throws IOException;

    String describe();
}
