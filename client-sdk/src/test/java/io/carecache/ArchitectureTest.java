package io.carecache;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the public API ({@code io.carecache}) and the internals ({@code io.carecache.internal..}) apart. */
@AnalyzeClasses(packages = "io.carecache", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final DescribedPredicate<JavaClass> INTERNAL =
            DescribedPredicate.describe("an internal type", c -> c.getPackageName().contains(".internal"));

    @ArchTest
    static final ArchRule publicApiSignaturesUseNoInternalTypes = codeUnits()
            .that().arePublic()
            .and().areDeclaredInClassesThat().resideInAPackage("io.carecache")
            .and().areDeclaredInClassesThat().arePublic()
            .should(new ArchCondition<JavaCodeUnit>("expose no internal type in their signature") {
                @Override
                public void check(JavaCodeUnit unit, ConditionEvents events) {
                    boolean leaks = INTERNAL.test(unit.getRawReturnType())
                            || unit.getRawParameterTypes().stream().anyMatch(INTERNAL);
                    if (leaks) {
                        events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes an internal type"));
                    }
                }
            });

    @ArchTest
    static final ArchRule internalsDoNotDependOnTheNodeRuntime = noClasses()
            .that().resideInAPackage("io.carecache.internal..")
            .should().dependOnClassesThat().resideInAPackage("io.carecache.node..");
}
