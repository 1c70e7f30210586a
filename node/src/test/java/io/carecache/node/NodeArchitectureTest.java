package io.carecache.node;

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

/** The node's public API ({@code io.carecache.node}) exposes no internal type; the SDK never reaches into the node. */
@AnalyzeClasses(packages = "io.carecache", importOptions = ImportOption.DoNotIncludeTests.class)
class NodeArchitectureTest {

    @ArchTest
    static final ArchRule nodeApiSignaturesUseNoInternalTypes = codeUnits()
            .that().arePublic()
            .and().areDeclaredInClassesThat().resideInAPackage("io.carecache.node")
            .and().areDeclaredInClassesThat().arePublic()
            .should(new ArchCondition<JavaCodeUnit>("expose no internal type in their signature") {
                @Override
                public void check(JavaCodeUnit unit, ConditionEvents events) {
                    boolean leaks = isInternal(unit.getRawReturnType())
                            || unit.getRawParameterTypes().stream().anyMatch(NodeArchitectureTest::isInternal);
                    if (leaks) {
                        events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes an internal type"));
                    }
                }
            });

    @ArchTest
    static final ArchRule sdkDoesNotDependOnTheNode = noClasses()
            .that().resideInAnyPackage("io.carecache", "io.carecache.internal..")
            .should().dependOnClassesThat().resideInAPackage("io.carecache.node..");

    private static boolean isInternal(JavaClass type) {
        return type.getPackageName().contains(".internal");
    }
}
