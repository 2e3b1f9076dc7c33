package io.smartgrid.model;

import com.azure.core.exception.AzureException;
import com.azure.storage.blob.BlobContainerClient;

import java.io.IOException;

/** The blob container {@code models} where the retrainer publishes. */
public final class BlobModelSource implements ModelSource {
    private final BlobContainerClient container;

    public BlobModelSource(BlobContainerClient container) {
        this.container = container;
    }

    @Override
    public LatestModel latest() throws IOException {
        return LatestModel.parse(read("latest.json"));
    }

    @Override
    public byte[] read(String file) throws IOException {
        try {
            return container.getBlobClient(file).downloadContent().toBytes();
        } catch (AzureException e) {
            throw new IOException("cannot read blob " + container.getBlobContainerName() + "/" + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String describe() {
        return "blob container " + container.getBlobContainerName();
    }
}
