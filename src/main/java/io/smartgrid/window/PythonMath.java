package io.smartgrid.window;

/** Float floor division exactly as Python computes {@code a // b}, so window starts match the Python tooling. */
final class PythonMath {
    private PythonMath() {
    }

    static double floorDiv(double a, double b) {
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            div -= 1.0;
        }
        if (div == 0) {
            return Math.copySign(0.0, a / b);
        }
        double floor = Math.floor(div);
        if (div - floor > 0.5) {
            floor += 1.0;
        }
        return floor;
    }
}
