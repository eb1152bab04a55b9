// Property tests run with a fixed seed so that CI is reproducible; set QDA_FC_SEED to explore other seeds.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.QDA_FC_SEED ?? 20261125) });
