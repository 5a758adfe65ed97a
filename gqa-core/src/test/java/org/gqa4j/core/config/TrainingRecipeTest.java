package org.gqa4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ConfigJson;
import org.junit.jupiter.api.Test;

class TrainingRecipeTest {

    @Test
    void roundTripsThroughSnakeCaseJson() {
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(321).withSeed(9);
        String json = ConfigJson.toJson(r);
        assertTrue(json.contains("\"batch_size\"") && json.contains("\"min_lr_ratio\""), json);
        assertEquals(r, ConfigJson.parse("recipe", json, TrainingRecipe.class));
    }

    @Test
    void absentFieldsTakeTheDefaults() {
        TrainingRecipe r = ConfigJson.parse("recipe", "{\"steps\": 50, \"learning_rate\": 0.003}", TrainingRecipe.class);
        assertEquals(50, r.steps());
        assertEquals(0.003, r.learningRate());
        assertEquals(TrainingRecipe.defaults().batchSize(), r.batchSize());
    }

    @Test
    void badValuesAreNamed() {
        InputException e = assertThrows(InputException.class,
                () -> ConfigJson.parse("recipe.json", "{\"steps\": 0, \"beta2\": 1.0}", TrainingRecipe.class));
        assertTrue(e.getMessage().contains("steps: 0 must be >= 1"), e.getMessage());
        assertTrue(e.getMessage().contains("beta2"), e.getMessage());
        InputException unknown = assertThrows(InputException.class,
                () -> ConfigJson.parse("recipe.json", "{\"stepz\": 5}", TrainingRecipe.class));
        assertTrue(unknown.getMessage().contains("stepz"), unknown.getMessage());
    }

    @Test
    void aBudgetShrinksTheIntervals() {
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(1000);
        TrainingRecipe up = r.forBudget(50);
        assertEquals(50, up.steps());
        assertEquals(5, up.warmupSteps());
        assertEquals(10, up.evalEvery(), "5 validations in 50 updates, not one every 5 (in proportion)");
        // the demo's uptraining: 5 % of 1,000 steps of a 2,000-step recipe validated 17 times before
        assertEquals(10, TrainingRecipe.defaults().withSteps(2000).forBudget(50).evalEvery());
        assertEquals(r.evalEvery(), r.forBudget(5000).evalEvery(), "a long budget validates as often as the original");
        assertEquals(r.learningRate(), up.learningRate());
        assertThrows(InputException.class, () -> r.forBudget(0));
    }

    @Test
    void theUptrainRateIsReadWrittenAndChecked() {
        assertEquals(UptrainRate.FINAL, TrainingRecipe.defaults().uptrainRate(), "the default keeps earlier recipes' behaviour");
        TrainingRecipe r = ConfigJson.parse("recipe", "{\"uptrain_lr\": \"peak\"}", TrainingRecipe.class);
        assertEquals(UptrainRate.PEAK, r.uptrainRate());
        assertTrue(ConfigJson.toJson(r).contains("\"uptrain_lr\" : \"peak\"") || ConfigJson.toJson(r).contains("\"uptrain_lr\":\"peak\""),
                ConfigJson.toJson(r));
        assertEquals(r, ConfigJson.parse("recipe", ConfigJson.toJson(r), TrainingRecipe.class));
        InputException e = assertThrows(InputException.class,
                () -> ConfigJson.parse("recipe.json", "{\"uptrain_lr\": \"warm\"}", TrainingRecipe.class));
        assertTrue(e.getMessage().contains("uptrain_lr") && e.getMessage().contains("final, peak"), e.getMessage());
    }

    @Test
    void theUptrainDistillationWeightIsReadWrittenAndChecked() {
        TrainingRecipe d = TrainingRecipe.defaults();
        assertEquals(0.0, d.uptrainDistill(), "the default is the paper's uptraining on the data alone");
        assertTrue(!ConfigJson.toJson(d).contains("uptrain_distill"), "left out at its default, so earlier recipes rewrite byte for byte");
        TrainingRecipe r = ConfigJson.parse("recipe", "{\"uptrain_distill\": 0.75}", TrainingRecipe.class);
        assertEquals(0.75, r.uptrainDistill());
        assertTrue(ConfigJson.toJson(r).replaceAll("\\s", "").contains("\"uptrain_distill\":0.75"), ConfigJson.toJson(r));
        assertEquals(r, ConfigJson.parse("recipe", ConfigJson.toJson(r), TrainingRecipe.class));
        assertEquals(0.75, r.forBudget(10).withSeed(4).withLearningRate(1e-4).uptrainDistill(), "kept through every change of the recipe");
        InputException e = assertThrows(InputException.class,
                () -> ConfigJson.parse("recipe.json", "{\"uptrain_distill\": 1.5}", TrainingRecipe.class));
        assertTrue(e.getMessage().contains("uptrain_distill: 1.5 must be in [0, 1]"), e.getMessage());
    }
}
