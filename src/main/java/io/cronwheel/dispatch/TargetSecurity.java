package io.cronwheel.dispatch;

import io.cronwheel.model.TargetPolicy;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What every client that sends to a job's target or webhook obeys: the {@link TargetPolicy}, and
 * whom it trusts over TLS (certificates and host names are always verified; {@code trust} adds
 * private CAs to the JDK's). Immutable.
 *
 * @param trust the JDK's CAs plus {@code CRONWHEEL_TARGET_CA_BUNDLE}'s, or empty for the JDK's
 *     alone
 */
public record TargetSecurity(TargetPolicy policy, Optional<TrustOptions> trust) {
  public static final TargetSecurity DEFAULT =
      new TargetSecurity(TargetPolicy.DEFAULT, Optional.empty());

  /** The policy, trusting the JDK's CAs and, if given, those of a PEM bundle too. */
  public static TargetSecurity of(TargetPolicy policy, Optional<Path> caBundle) {
    return new TargetSecurity(policy, caBundle.map(TargetSecurity::jdkAndBundle));
  }

  private static TrustOptions jdkAndBundle(Path bundle) {
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int n = 0;
      for (X509Certificate jdk : jdkDefaultTrust().getAcceptedIssuers()) {
        anchors.setCertificateEntry("jdk-" + n++, jdk);
      }
      try (InputStream in = Files.newInputStream(bundle)) {
        for (Certificate extra : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          anchors.setCertificateEntry("bundle-" + n++, extra);
        }
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      return TrustOptions.wrap(factory);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot read the CA bundle " + bundle + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager jdkDefaultTrust() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("the JDK has no X.509 trust manager");
  }
}
