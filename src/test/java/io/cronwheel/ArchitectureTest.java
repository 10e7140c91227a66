package io.cronwheel;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layering the README's architecture section describes, checked on the compiled classes
 * (the way Kafka checks its import control). Each rule reads as one sentence of that section.
 */
@AnalyzeClasses(packages = "io.cronwheel", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("io.cronwheel.(*)..").should().beFreeOfCycles();

  /**
   * From the top: the wiring (Engine, Main) builds everything; the API and the partitions sit on
   * the dispatcher, alerts and stores; below them metrics and the Vert.x plumbing; at the bottom
   * the pure packages.
   */
  @ArchTest
  static final ArchRule layersPointDown =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Wiring")
          .definedBy("io.cronwheel")
          .layer("Api")
          .definedBy("io.cronwheel.api..")
          .layer("Cluster")
          .definedBy("io.cronwheel.cluster..")
          .layer("Wheel")
          .definedBy("io.cronwheel.wheel..")
          .layer("Dispatch")
          .definedBy("io.cronwheel.dispatch..")
          .layer("Alert")
          .definedBy("io.cronwheel.alert..")
          .layer("Store")
          .definedBy("io.cronwheel.store..")
          .layer("Metrics")
          .definedBy("io.cronwheel.metrics..")
          .layer("Runtime")
          .definedBy("io.cronwheel.runtime..")
          .layer("Pure")
          .definedBy(
              "io.cronwheel.model..",
              "io.cronwheel.time..",
              "io.cronwheel.cron..",
              "io.cronwheel.config..",
              "io.cronwheel.auth..")
          .whereLayer("Wiring")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("Api")
          .mayOnlyBeAccessedByLayers("Wiring")
          .whereLayer("Cluster")
          .mayOnlyBeAccessedByLayers("Wiring")
          .whereLayer("Wheel")
          .mayOnlyBeAccessedByLayers("Wiring", "Cluster")
          .whereLayer("Dispatch")
          .mayOnlyBeAccessedByLayers("Wiring", "Wheel", "Alert")
          .whereLayer("Alert")
          .mayOnlyBeAccessedByLayers("Wiring", "Api", "Wheel")
          .whereLayer("Store")
          .mayOnlyBeAccessedByLayers("Wiring", "Api", "Cluster", "Wheel", "Dispatch", "Alert");

  @ArchTest
  static final ArchRule purePackagesStayFreeOfVertx =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.cronwheel.model..",
              "io.cronwheel.time..",
              "io.cronwheel.cron..",
              "io.cronwheel.config..",
              "io.cronwheel.auth..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.vertx..", "io.netty..", "io.micrometer..");

  @ArchTest
  static final ArchRule partitionsAndDispatchKnowStoresAndAlertsOnlyByTheirRoles =
      noClasses()
          .that()
          .resideInAnyPackage("io.cronwheel.wheel..", "io.cronwheel.dispatch..")
          .should()
          .dependOnClassesThat(
              simpleNameStartingWith("Pg")
                  .or(
                      simpleNameEndingWith("Verticle")
                          .and(resideOutsideOfPackage("io.cronwheel.wheel.."))));

  @ArchTest
  static final ArchRule apiReachesTheEngineOnlyThroughEngineControl =
      noClasses()
          .that()
          .resideInAPackage("io.cronwheel.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.cronwheel.wheel..",
              "io.cronwheel.dispatch..",
              "io.cronwheel.cluster..",
              "io.cronwheel.runtime..");
}
