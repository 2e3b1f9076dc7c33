package io.smartgrid.support;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;

import java.time.Duration;

/** Storage clients from a standard connection string (Azure or Azurite). */
public final class BlobClients {
    private BlobClients() {
    }

    /**
     * @param tries how often the SDK itself tries a request: the edge says 1, because its spool retries, and an SDK
     *              that backs off for most of a minute would hold up the route behind it
     */
    public static BlobServiceClient fromConnectionString(char[] connectionString, int tries) {
        return new BlobServiceClientBuilder()
                .connectionString(new String(connectionString))
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, tries, Duration.ofSeconds(30),
                        Duration.ofMillis(500), Duration.ofSeconds(5), null))
                .buildClient();
    }
}
