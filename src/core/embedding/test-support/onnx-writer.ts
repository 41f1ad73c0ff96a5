/**
 * Just enough of the ONNX protobuf schema (onnx/onnx.proto) to write small inference graphs from
 * JavaScript, so tests can build real model files without Python or a download.
 * Field numbers follow onnx.proto; only the fields below are ever written.
 */

export const TensorDataType = { FLOAT: 1, INT64: 7 } as const;
export type TensorDataType = (typeof TensorDataType)[keyof typeof TensorDataType];

/** A dimension is either fixed (`3`) or symbolic (`'batch'`). */
export type Dimension = number | string;

export interface ValueInfo {
  name: string;
  elemType: TensorDataType;
  shape: Dimension[];
}

export interface Initializer {
  name: string;
  dims: number[];
  /** Float32 data, or BigInt64 data for INT64 tensors. */
  data: Float32Array | BigInt64Array;
}

export interface GraphNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  /** Integer attributes only (enough for Gather's `axis`, ReduceMean's `keepdims`, …). */
  intAttributes?: Record<string, number>;
}

export interface OnnxModel {
  graphName: string;
  nodes: GraphNode[];
  initializers: Initializer[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  opsetVersion?: number;
  irVersion?: number;
  producerName?: string;
}

/** Serialises `model` as an ONNX ModelProto. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const graph = new ProtoWriter();
  for (const node of model.nodes) graph.message(1, encodeNode(node));
  graph.string(2, model.graphName);
  for (const initializer of model.initializers) graph.message(5, encodeTensor(initializer));
  for (const input of model.inputs) graph.message(11, encodeValueInfo(input));
  for (const output of model.outputs) graph.message(12, encodeValueInfo(output));

  const opset = new ProtoWriter();
  opset.string(1, '');
  opset.varint(2, model.opsetVersion ?? 13);

  const modelProto = new ProtoWriter();
  modelProto.varint(1, model.irVersion ?? 8);
  modelProto.string(2, model.producerName ?? 'twin-test-support');
  modelProto.message(7, graph.finish());
  modelProto.message(8, opset.finish());
  return modelProto.finish();
}

function encodeNode(node: GraphNode): Uint8Array {
  const writer = new ProtoWriter();
  for (const input of node.inputs) writer.string(1, input);
  for (const output of node.outputs) writer.string(2, output);
  if (node.name) writer.string(3, node.name);
  writer.string(4, node.opType);
  for (const [name, value] of Object.entries(node.intAttributes ?? {})) {
    const attribute = new ProtoWriter();
    attribute.string(1, name);
    attribute.varint(3, value); // AttributeProto.i
    attribute.varint(20, 2); // AttributeProto.type = INT
    writer.message(5, attribute.finish());
  }
  return writer.finish();
}

function encodeTensor(tensor: Initializer): Uint8Array {
  const writer = new ProtoWriter();
  for (const dim of tensor.dims) writer.varint(1, dim);
  writer.varint(2, tensor.data instanceof Float32Array ? TensorDataType.FLOAT : TensorDataType.INT64);
  writer.string(8, tensor.name);
  // raw_data is little-endian, which is also the byte order of typed arrays on every platform Twin supports.
  writer.bytes(9, new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
  return writer.finish();
}

function encodeValueInfo(info: ValueInfo): Uint8Array {
  const shape = new ProtoWriter();
  for (const dim of info.shape) {
    const dimension = new ProtoWriter();
    if (typeof dim === 'number') dimension.varint(1, dim);
    else dimension.string(2, dim);
    shape.message(1, dimension.finish());
  }
  const tensorType = new ProtoWriter();
  tensorType.varint(1, info.elemType);
  tensorType.message(2, shape.finish());
  const type = new ProtoWriter();
  type.message(1, tensorType.finish());

  const writer = new ProtoWriter();
  writer.string(1, info.name);
  writer.message(2, type.finish());
  return writer.finish();
}

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

/** A protobuf writer for the two wire types ONNX needs here: varints and length-delimited fields. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  varint(field: number, value: number | bigint): void {
    this.tag(field, WIRE_VARINT);
    this.rawVarint(BigInt(value));
  }

  string(field: number, value: string): void {
    this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, encoded: Uint8Array): void {
    this.bytes(field, encoded);
  }

  bytes(field: number, value: Uint8Array): void {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(BigInt(value.byteLength));
    this.push(value);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }

  private tag(field: number, wireType: number): void {
    this.rawVarint(BigInt((field << 3) | wireType));
  }

  private rawVarint(value: bigint): void {
    // Negative int64 values are encoded as their 64-bit two's complement, ten bytes long.
    let remaining = value < 0n ? BigInt.asUintN(64, value) : value;
    const bytes: number[] = [];
    do {
      let byte = Number(remaining & 0x7fn);
      remaining >>= 7n;
      if (remaining !== 0n) byte |= 0x80;
      bytes.push(byte);
    } while (remaining !== 0n);
    this.push(Uint8Array.from(bytes));
  }

  private push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.byteLength;
  }
}
