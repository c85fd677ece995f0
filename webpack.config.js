// Three bundles (client, server, CLI) built from one shared config; the
// tree-sitter runtime and the C grammar WASM are copied next to them so the
// server never looks anywhere else (and never at the network) for them.
'use strict';
const path = require('path');
const webpack = require('webpack');
const CopyPlugin = require('copy-webpack-plugin');

/** @type {import('webpack').Configuration} */
const shared = {
  target: 'node',
  mode: 'none',
  devtool: 'nosources-source-map',
  resolve: { extensions: ['.ts', '.js'], conditionNames: ['require', 'node', 'default'] },
  module: {
    rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { transpileOnly: true } } }],
  },
  // Keep __dirname pointing at dist/ so the WASM files are found beside the bundle.
  node: { __dirname: false, __filename: false },
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2' },
  performance: { hints: false },
};

module.exports = [
  {
    ...shared,
    name: 'client',
    entry: { client: './client/src/extension.ts' },
    externals: { vscode: 'commonjs vscode' },
  },
  {
    ...shared,
    name: 'server',
    entry: { server: './server/src/server.ts', cli: './server/src/cli/main.ts', simWorker: './server/src/simulator/simWorker.ts' },
    plugins: [
      // dist/cli.js is package.json's `bin`: it needs the interpreter line first.
      new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true, include: /^cli\.js$/ }),
      new CopyPlugin({
        patterns: [
          { from: require.resolve('web-tree-sitter/web-tree-sitter.wasm'), to: 'web-tree-sitter.wasm' },
          { from: require.resolve('tree-sitter-c/tree-sitter-c.wasm'), to: 'tree-sitter-c.wasm' },
        ],
      }),
    ],
  },
  {
    // The simulation report's chart script runs in the webview (a browser), with
    // uPlot bundled in: the report never loads anything from the network.
    ...shared,
    name: 'webview',
    target: 'web',
    devtool: false,
    entry: { 'webview/simulationChart': './client/webview/simulationChart.ts' },
    resolve: { extensions: ['.ts', '.js'], conditionNames: ['browser', 'import', 'module', 'default'] },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js' },
    plugins: [
      new CopyPlugin({ patterns: [{ from: require.resolve('uplot/dist/uPlot.min.css'), to: 'webview/uPlot.min.css' }] }),
    ],
  },
];
