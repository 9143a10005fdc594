package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.model.Grade;
import io.mqlengine.model.Traits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FitGraderTest {
    private static final FitGrader GRADER = new FitGrader(ScoringModelLoader.loadDefault());

    @ParameterizedTest(name = "{0} {1} {2} {3} {4} -> {5}")
    @CsvSource(nullValues = "-", value = {
            // title, size, industry, country, email, grade   (floors A 70, B 50, C 30, D 10)
            "VP Marketing, 200, software, US, ada@acme.io, A",       // 30+20+15+10+20 = 95
            "Marketing Manager, 200, retail, DE, bo@shop.de, A",     // 15+20+15+10+20 = 80
            "Marketing Manager, 200, -, -, bo@shop.de, B",           // 15+20+20 = 55
            "Analyst, 60, -, -, cy@corp.com, C",                     // 20+20 = 40
            "Analyst, -, -, -, cy@corp.com, D",                      // 20
            "Student, -, -, -, kim@gmail.com, F",                    // -40-15
            "Director, 5, -, -, dee@mailinator.com, F",              // 30-10-50
            "-, -, -, -, -, F"})
    void grade_shouldFollowFitRulesAndFloors(String title, Integer size, String industry, String country, String email,
                                             Grade expected) {
        Traits t = new Traits(email, null, null, title, null, size, industry, country);
        assertThat(GRADER.grade(t).grade()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"Director of Sales, true", "CTO, true", "Head of Growth, true", "Directory Editor, false",
            "Vector Artist, false", "Co-Founder, true"})
    void seniorTitle_shouldMatchWholeWordsOnly(String title, boolean senior) {
        FitGrader.Fit fit = GRADER.grade(new Traits(null, null, null, title, null, null, null, null));
        assertThat(fit.reasons().stream().anyMatch(r -> r.ruleId().equals("senior-title"))).isEqualTo(senior);
    }

    @ParameterizedTest
    @CsvSource({"someone@GMAIL.com, free", "x@mailinator.com, disposable", "spy@competitor.example, competitor",
            "ceo@acme.io, business"})
    void fields_shouldClassifyEmailDomains(String email, String domainClass) {
        assertThat(GRADER.fields(new Traits(email, null, null, null, null, null, null, null)))
                .containsEntry("emailDomainClass", domainClass);
    }
}
