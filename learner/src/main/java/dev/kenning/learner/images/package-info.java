/**
 * Learning classes from few labels with class knowledge: a CNN over grey images
 * ({@link dev.kenning.learner.images.ImageNetwork}) trained by one loop
 * ({@link dev.kenning.learner.Trainer}, as every model is) for three tasks — prototypical few-shot
 * classification with knowledge terms ({@link dev.kenning.learner.images.FewShot}), zero-shot
 * recognition from attribute profiles ({@link dev.kenning.learner.images.ZeroShot}) and
 * semi-supervised learning with the exactly-one semantic loss
 * ({@link dev.kenning.learner.images.SemiSupervised}) — and the knowledge they read ({@link dev.kenning.learner.images.ClassKnowledge}).
 */
package dev.kenning.learner.images;
