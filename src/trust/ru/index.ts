/** Russia's accredited certification centres list (Минцифры TSL.xml) into the shared trust model. */
export * from './accredited-ca.js';
