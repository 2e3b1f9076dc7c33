package io.smartgrid.testsupport;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Azurite's blob service (npm, pinned in scripts/azurite/package-lock.json) on a free port, data in a temp folder. */
public final class Azurite extends ServerProcess {
    /** Azurite's well-known development account; not a secret. */
    private static final String ACCOUNT = "devstoreaccount1";
    private static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public Azurite() throws IOException {
        super("azurite");
        Path bin = Path.of("scripts/azurite/node_modules/.bin/azurite-blob").toAbsolutePath();
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("Azurite is not installed: npm ci --prefix scripts/azurite (scripts/test does it)");
        }
        start(List.of(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port),
                "--location", dir.resolve("data").toString(), "--silent", "--skipApiVersionCheck", "--disableTelemetry"));
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:" + port + "/" + ACCOUNT + ";";
    }

    public BlobServiceClient client() {
        return new BlobServiceClientBuilder().connectionString(connectionString()).buildClient();
    }
}
